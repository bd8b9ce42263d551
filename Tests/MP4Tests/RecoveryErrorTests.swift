import Foundation
import Testing
import TestSupport
@testable import MP4

/// Everything recovery refuses, each with a message that says why, and never a crash.
@Suite struct RecoveryErrorTests {
    @Test func aReferenceInAnotherCodecIsRefused() throws {
        let hevc = try Fixtures.clip(label: "hevc-recorder", video: .hevc)
        do {
            _ = try TruncatedClipRecovery(reference: hevc)
            Issue.record("an HEVC reference was accepted")
        } catch let error as MP4Error {
            guard case .unsupportedCodec(_, let trackID, let format, let codec) = error else {
                Issue.record("wrong error: \(error)")
                return
            }
            #expect(trackID == 1)
            #expect(format == "hvc1")
            #expect(codec == "HEVC (H.265)")
            #expect(error.description.contains("HEVC"))
            #expect(error.description.contains("supported: H.264"))
        }
    }

    @Test func aGarbageFileHasNoMediaData() throws {
        let folder = try TempDirectory()
        let reference = try Fixtures.clip(label: "recorder-A-0002")
        let garbage = folder.path("garbage.mp4")
        try Data(Fixtures.garbage(count: 100_000, seed: 7)).write(to: garbage)
        let recovery = try TruncatedClipRecovery(reference: reference)
        #expect {
            try recovery.recover(garbage, to: folder.path("out.mp4"))
        } throws: { error in
            guard case MP4Error.noMediaData(let path, _) = error else { return false }
            return path == garbage.path && "\(error)".contains("no media data box (mdat)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("out.mp4").path))
    }

    @Test func garbageInsideTheMediaDataRecoversNothing() throws {
        let folder = try TempDirectory()
        let reference = try Fixtures.clip(label: "recorder-A-0002")
        let url = folder.path("noise.mp4")
        let ftyp: [UInt8] = [0, 0, 0, 16] + Array("ftypisom".utf8) + [0, 0, 2, 0]
        try Data(ftyp + [0, 0, 0, 0] + Array("mdat".utf8) + Fixtures.garbage(count: 50_000, seed: 11)).write(to: url)
        #expect {
            try TruncatedClipRecovery(reference: reference).recover(url, to: folder.path("out.mp4"))
        } throws: { error in
            guard case MP4Error.nothingRecovered(let path, let detail) = error else { return false }
            return path == url.path && detail.contains("offset 24")
        }
    }

    @Test(arguments: [0, 7, 9, 100])
    func shortAndEmptyFilesAreRefused(length: Int) throws {
        let folder = try TempDirectory()
        let reference = try Fixtures.clip(label: "recorder-A-0002")
        let url = folder.path("short.mp4")
        try Data(Array(try Data(contentsOf: try Fixtures.clip(label: "recorder-A-0001")).prefix(length))).write(to: url)
        #expect(throws: MP4Error.self) {
            try TruncatedClipRecovery(reference: reference).recover(url, to: folder.path("out.mp4"))
        }
    }

    @Test func aTruncatedReferenceIsRefused() throws {
        let folder = try TempDirectory()
        let cut = try Fixtures.truncated(try Fixtures.clip(label: "recorder-A-0002"), fraction: 0.5, in: folder)
        #expect(throws: MP4Error.noMovieBox(path: cut.url.path)) { try TruncatedClipRecovery(reference: cut.url) }
    }

    @Test func anExistingOutputIsNeverOverwritten() throws {
        let folder = try TempDirectory()
        let original = try Fixtures.clip(label: "recorder-A-0001")
        let cut = try Fixtures.truncated(original, fraction: 0.5, in: folder)
        let output = folder.path("taken.mp4")
        try Data("keep me".utf8).write(to: output)
        #expect(throws: MP4Error.refusedOutput(path: output.path, detail: "it already exists")) {
            try TruncatedClipRecovery(reference: try Fixtures.clip(label: "recorder-A-0002")).recover(cut.url, to: output)
        }
        #expect(try String(contentsOf: output, encoding: .utf8) == "keep me")
    }

    /// Random damage anywhere in the media data: recovery stops or goes on, but never crashes, and what it
    /// writes ffprobe can open.
    @Test(arguments: Array(DamagedReferenceTests.seeds.prefix(ProcessInfo.processInfo.environment["MP4_FUZZ_SEEDS"] == nil ? 16 : Int.max)))
    func damagedMediaDataNeverCrashes(seed: UInt64) throws {
        let folder = try TempDirectory()
        let original = try Fixtures.clip(label: "recorder-A-0001")
        var bytes = [UInt8](try Data(contentsOf: original).prefix(try Fixtures.mediaData(of: original).offset + 60_000))
        let noise = Fixtures.garbage(count: 64, seed: seed)
        let at = 40 + Int(seed * 7_919) % (bytes.count - 100)
        bytes.replaceSubrange(at..<at + noise.count, with: noise)
        let url = folder.path("damaged.mp4")
        try Data(bytes).write(to: url)
        let output = folder.path("out.mp4")
        do {
            let report = try TruncatedClipRecovery(reference: try Fixtures.clip(label: "recorder-A-0002")).recover(url, to: output)
            #expect(report.stopOffset <= report.fileSize)
            #expect(report.tracks.reduce(0) { $0 + $1.samples } > 0)
            _ = try FFmpegOracle.probe(output)
        } catch let error as MP4Error {
            guard case .nothingRecovered = error else {
                Issue.record("unexpected error \(error)")
                return
            }
        }
    }
}

/// Damaged references: bytes of the movie box overwritten at random. Parsing must throw an `MP4Error` or
/// succeed, never trap; a reference that still parses must not crash recovery either.
@Suite struct DamagedReferenceTests {
    static let seeds = Array(UInt64(1)...UInt64(ProcessInfo.processInfo.environment["MP4_FUZZ_SEEDS"].flatMap(UInt64.init) ?? 48))

    @Test(arguments: seeds)
    func damagedMovieBoxesNeverCrash(seed: UInt64) throws {
        let folder = try TempDirectory()
        let clip = try Fixtures.clip(label: "recorder-A-0002")
        var bytes = [UInt8](try Data(contentsOf: clip))
        let file = try MP4File.read(clip)
        let moov = try #require(file.topLevel.first { $0.type == "moov" })
        let noise = Fixtures.garbage(count: 64, seed: seed)
        for index in 0..<(1 + Int(seed % 8)) {
            let at = Int(moov.offset) + Int(UInt64(noise[index * 2]) << 8 | UInt64(noise[index * 2 + 1])) % Int(moov.size)
            bytes[at] = noise[32 + index]
        }
        let url = folder.path("damaged-reference.mp4")
        try Data(bytes).write(to: url)
        let cut = try Fixtures.truncated(try Fixtures.clip(label: "recorder-A-0001"), fraction: 0.4, in: folder)
        do {
            let recovery = try TruncatedClipRecovery(reference: url)
            _ = try recovery.recover(cut.url, to: folder.path("out.mp4"))
        } catch is MP4Error {
            // Refused with a reason: fine.
        } catch is BoxError {
            // Tables that contradict each other, found in memory: fine.
        }
    }
}
