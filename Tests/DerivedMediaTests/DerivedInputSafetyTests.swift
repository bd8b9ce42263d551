import Foundation
import Testing
import TestSupport

/// Derived-media commands read only regular files and never write into the evidence store.
@Suite struct DerivedInputSafetyTests {
    /// Each derived-media command, with `input` as its recording and `out` as its output.
    static func commands(input: String, out: (String) -> String, reference: String) -> [[String]] {
        [
            ["proxy", input, "--out", out("proxy.mp4")],
            ["sheet", input, "--out", out("sheet.jpg")],
            ["faststart", input, "--out", out("fast.mp4")],
            ["recover", input, "--reference", reference, "--out", out("recovered.mp4")],
            ["probe", input],
        ]
    }

    /// Runs recgate under coreutils' `timeout`: a command that blocks on its input ends with status 124 and
    /// fails the test instead of hanging the suite. The bound only stops a hang; it decides nothing else.
    func recgate(_ arguments: [String], home: URL) throws -> ProcessOutput {
        try #require(FileManager.default.isExecutableFile(atPath: RecgateCLITests.binary), "recgate is not built")
        return try run("timeout", ["120", RecgateCLITests.binary, "--home", home.path] + arguments)
    }

    @Test func aFIFOOrADeviceIsRefusedNotWaitedOn() throws {
        let folder = try TempDirectory()
        let reference = try DerivedClipFactory.clip(seconds: 1, width: 320, height: 240)
        let fifo = folder.path("CLIP0001.MP4")
        #expect(mkfifo(fifo.path, 0o600) == 0, "mkfifo: errno \(errno)")
        // /dev/zero would give endless bytes to a reader that trusted it.
        for input in [fifo.path, "/dev/zero"] {
            for command in Self.commands(input: input, out: { folder.path("\(UUID().uuidString)-\($0)").path },
                                         reference: reference.path) {
                let result = try recgate(command, home: folder.path("home"))
                #expect(result.status == 1, "\(command): status \(result.status) \(result.stderr)")
                #expect((result.stderr + result.stdout).contains("not a regular file"), "\(command): \(result.stderr)")
            }
        }
        // Nothing was written next to the inputs but the FIFO itself and the home's folders.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0 != "home" }
        #expect(left == ["CLIP0001.MP4"])
    }

    @Test func nothingDerivedIsWrittenIntoTheStore() throws {
        let folder = try TempDirectory()
        let home = folder.path("home")
        let store = home.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: store.appendingPathComponent("staging"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: store.appendingPathComponent("objects/sha256"), withIntermediateDirectories: true)
        // A link elsewhere that leads into the store is the store too.
        try FileManager.default.createSymbolicLink(at: folder.path("looks-elsewhere"), withDestinationURL: store)
        let source = try DerivedClipFactory.clip(seconds: 1, width: 320, height: 240)
        let targets: [(String) -> String] = [
            { store.appendingPathComponent("staging/\($0)").path },
            { store.appendingPathComponent("objects/sha256/\($0)").path },
            { store.path + "/../store/\($0)" },
            { folder.path("looks-elsewhere/\($0)").path },
        ]
        for target in targets {
            for command in Self.commands(input: source.path, out: target, reference: source.path) where command[0] != "probe" {
                let result = try recgate(command, home: home)
                #expect(result.status == 1, "\(command): status \(result.status)")
                #expect(result.stderr.contains("never written into the evidence store"), "\(command): \(result.stderr)")
            }
        }
        let stored = FileManager.default.enumerator(atPath: store.path)?.allObjects.compactMap { $0 as? String }
            .filter { !["staging", "objects", "objects/sha256"].contains($0) } ?? []
        #expect(stored.isEmpty, "the store holds \(stored)")
        // The same command with an output outside the store works.
        let outside = folder.path("proxy.mp4")
        let made = try recgate(["proxy", source.path, "--out", outside.path], home: home)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: outside.path))
    }
}
