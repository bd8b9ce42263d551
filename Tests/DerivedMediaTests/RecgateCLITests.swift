import Foundation
import Media
import Testing
import TestSupport

/// The derived-media commands run as the built `recgate` executable, as a script would run them.
@Suite struct RecgateCLITests {
    /// `.build/debug/recgate` (or release) beside this package, found from this file's place in it.
    static let binary: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for configuration in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(configuration)/recgate").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return root.appendingPathComponent(".build/debug/recgate").path
    }()

    func recgate(_ arguments: [String]) throws -> ProcessOutput {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
        return try run(Self.binary, arguments)
    }

    struct DerivedJSON: Decodable {
        var path: String
        var sha256: String
        var size: Int64
        var kind: String
        var source_path: String
        var source_sha256: String?
        var recipe: String
        var digests: [String: String]
    }

    @Test func proxyOfAFileReportsItsDigest() throws {
        let source = try DerivedClipFactory.clip(seconds: 1, width: 640, height: 480)
        let folder = try TempDirectory()
        let target = folder.path("p.mp4")
        let result = try recgate(["proxy", source.path, "--out", target.path, "--height", "240", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(DerivedJSON.self, from: Data(result.stdout.utf8))
        #expect(try report.sha256 == Oracles.sha256(target))
        #expect(report.kind == "proxy")
        #expect(report.source_sha256 == nil)
        #expect(report.recipe.contains("320x240"))
        let video = try Oracles.probe(target).video
        #expect(video?.width == 320 && video?.height == 240)
        // Not a terminal: no progress bar in the captured standard error.
        #expect(result.stderr.isEmpty)
    }

    @Test func proxyOfAStoredClipByItsDigest() throws {
        let source = try DerivedClipFactory.clip(seconds: 1, width: 320, height: 240)
        let hex = try Oracles.sha256(source)
        let home = try TempDirectory()
        let folder = home.path("store/objects/sha256/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent(hex))
        // The home asks for SM3 too: derived files get the same digests as stored clips.
        try Data(#"{"digests": ["sha256", "sm3"]}"#.utf8).write(to: home.path("recgate.json"))
        let out = try TempDirectory()
        let target = out.path("p.mp4")
        let result = try recgate(["--home", home.url.path, "proxy", hex, "--out", target.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(DerivedJSON.self, from: Data(result.stdout.utf8))
        #expect(report.source_sha256 == hex)
        #expect(report.source_path.hasSuffix(hex))
        #expect(report.digests["sm3"]?.count == 64)
        #expect(report.digests["sha256"] == report.sha256)
        #expect(try report.sha256 == Oracles.sha256(target))

        let missing = String(repeating: "0", count: 64)
        let failed = try recgate(["--home", home.url.path, "proxy", missing, "--out", out.path("q.mp4").path])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("no clip \(missing)"))
    }

    @Test func proxyOfGarbageFailsNamingTheCall() throws {
        let folder = try TempDirectory()
        let target = folder.path("bad.mp4")
        let result = try recgate(["proxy", try DerivedClipFactory.garbage().path, "--out", target.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("avformat_open_input"))
        #expect(try Oracles.fileNames(in: folder.url).isEmpty)
    }

    @Test func proxyRefusesToReplaceAFile() throws {
        let folder = try TempDirectory()
        let existing = folder.path("x.mp4")
        try Data("keep".utf8).write(to: existing)
        let result = try recgate(["proxy", try DerivedClipFactory.clip(seconds: 1).path, "--out", existing.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("will not replace an existing file"))
        #expect(try String(contentsOf: existing, encoding: .utf8) == "keep")
    }

    @Test func sheetReportsItsTiles() throws {
        let source = try DerivedClipFactory.clip(seconds: 4, width: 320, height: 240, fps: 10, gop: 10)
        let folder = try TempDirectory()
        let target = folder.path("s.jpg")
        let result = try recgate(["sheet", source.path, "--out", target.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        struct Sheet: Decodable {
            var file: DerivedJSON
            var columns: Int
            var rows: Int
            var frames_decoded: Int
        }
        let sheet = try JSONDecoder().decode(Sheet.self, from: Data(result.stdout.utf8))
        #expect(sheet.frames_decoded == 4 && sheet.columns == 4 && sheet.rows == 1)
        #expect(sheet.file.kind == "contact_sheet")
        #expect(try sheet.file.sha256 == Oracles.sha256(target))
    }

    @Test func faststartOnlyWhenTheIndexIsAtTheEnd() throws {
        let source = try DerivedClipFactory.clip(seconds: 1, width: 320, height: 240)
        let folder = try TempDirectory()
        let first = folder.path("f.mp4")
        let made = try recgate(["faststart", source.path, "--out", first.path, "--json"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try Oracles.indexFirst(first))
        #expect(try JSONDecoder().decode(DerivedJSON.self, from: Data(made.stdout.utf8)).sha256 == Oracles.sha256(first))

        let again = try recgate(["faststart", first.path, "--out", folder.path("g.mp4").path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("no copy made: index before data"))
        #expect(try Oracles.fileNames(in: folder.url) == ["f.mp4"])
    }
}
