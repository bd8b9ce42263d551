import Foundation
import Testing
import TestSupport

/// `recgate recover` through the built binary: exit codes, the JSON report, the file it writes.
@Suite struct RecoverCommandTests {
    @Test func recoverWritesAPlayableFileAndAJSONReport() throws {
        let folder = try TempDirectory()
        let original = try Fixtures.clip(label: "recorder-A-0001")
        let cut = try Fixtures.truncated(original, fraction: 0.6, in: folder)
        let output = folder.path("recovered.mp4")
        let result = try RecgateCLI.run([
            "recover", cut.url.path, "--reference", try Fixtures.clip(label: "recorder-A-0002").path, "--out", output.path, "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["stop_reason"] as? String == "partial_sample")
        #expect(json["output"] as? String == output.path)
        #expect((json["bytes_used"] as? Int ?? 0) > 0)
        #expect((json["file_size"] as? Int) == cut.length)
        let tracks = try #require(json["tracks"] as? [[String: Any]])
        #expect(tracks.map { $0["kind"] as? String } == ["video", "audio"])
        #expect(tracks.map { $0["codec"] as? String } == ["H.264", "AAC"])
        let videoSamples = try #require(tracks[0]["samples"] as? Int)
        let frames = try FFmpegOracle.framemd5(output, stream: "0:v")
        #expect(frames.count == videoSamples)
        #expect(frames == Array(try FFmpegOracle.framemd5(original, stream: "0:v").prefix(videoSamples)))
    }

    @Test func plainOutputSaysWhatWasRecoveredAndWhereItStopped() throws {
        let folder = try TempDirectory()
        let cut = try Fixtures.truncated(try Fixtures.clip(label: "recorder-A-0001"), fraction: 0.4, in: folder)
        let result = try RecgateCLI.run([
            "recover", cut.url.path, "--reference", try Fixtures.clip(label: "recorder-A-0002").path,
            "--out", folder.path("out.mp4").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("video track 1 (H.264, 'avc1')"))
        #expect(result.stdout.contains("audio track 2 (AAC, 'mp4a')"))
        #expect(result.stdout.contains("stopped at offset"))
    }

    @Test func anUnsupportedReferenceFailsWithAMessage() throws {
        let folder = try TempDirectory()
        let cut = try Fixtures.truncated(try Fixtures.clip(label: "recorder-A-0001"), fraction: 0.5, in: folder)
        let output = folder.path("out.mp4")
        let result = try RecgateCLI.run([
            "recover", cut.url.path, "--reference", try Fixtures.clip(label: "hevc-recorder", video: .hevc).path, "--out", output.path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("HEVC (H.265)"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func garbageFailsWithAMessage() throws {
        let folder = try TempDirectory()
        let garbage = folder.path("garbage.mp4")
        try Data(Fixtures.garbage(count: 10_000, seed: 3)).write(to: garbage)
        let result = try RecgateCLI.run([
            "recover", garbage.path, "--reference", try Fixtures.clip(label: "recorder-A-0002").path,
            "--out", folder.path("out.mp4").path, "--json",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no media data box (mdat)"))
    }
}
