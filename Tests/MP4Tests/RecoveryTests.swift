import Foundation
import Testing
import TestSupport
@testable import MP4

/// Recovery of a clip cut short, judged by ffmpeg: the recovered frames must be the original's first frames,
/// bit for bit, and nearly all the frames that were whole in the cut file.
@Suite struct RecoveryTests {
    struct Outcome {
        var report: RecoveryReport
        var recovered: URL
        var cutLength: Int
    }

    func recover(fraction: Double, zeroSize: Bool = false, in folder: TempDirectory) throws -> (Outcome, original: URL) {
        let original = try Fixtures.clip(label: "recorder-A-0001")
        let reference = try Fixtures.clip(label: "recorder-A-0002")
        let cut = try Fixtures.truncated(original, fraction: fraction, in: folder, zeroSize: zeroSize)
        let output = folder.path("recovered-\(Int(fraction * 100))\(zeroSize ? "-zero" : "").mp4")
        let report = try TruncatedClipRecovery(reference: reference).recover(cut.url, to: output)
        return (Outcome(report: report, recovered: output, cutLength: cut.length), original)
    }

    /// How many packets of a stream of the original lie wholly inside the first `length` bytes.
    func packetsInside(_ original: URL, stream: String, length: Int) throws -> Int {
        try FFmpegOracle.packets(original, stream: stream).filter { $0.position + $0.size <= length }.count
    }

    @Test(arguments: [(0.6, false), (0.6, true), (0.3, false)])
    func recoveredFramesAreTheOriginalsFirstFrames(fraction: Double, zeroSize: Bool) throws {
        let folder = try TempDirectory()
        let (outcome, original) = try recover(fraction: fraction, zeroSize: zeroSize, in: folder)
        let report = outcome.report
        let video = try #require(report.track("video"))
        let audio = try #require(report.track("audio"))

        // Video: decoded frames of the recovered file are the original's first N, exactly.
        let originalFrames = try FFmpegOracle.framemd5(original, stream: "0:v")
        let recoveredFrames = try FFmpegOracle.framemd5(outcome.recovered, stream: "0:v")
        #expect(recoveredFrames.count == video.samples)
        #expect(recoveredFrames == Array(originalFrames.prefix(recoveredFrames.count)))
        let wholeVideo = try packetsInside(original, stream: "v:0", length: outcome.cutLength)
        #expect(video.samples <= wholeVideo)
        #expect(Double(video.samples) >= 0.9 * Double(wholeVideo), "video: \(video.samples) of \(wholeVideo) whole frames")

        // Audio: the packets, stream-copied, are the original's first M, exactly.
        let originalPackets = try FFmpegOracle.framemd5(original, stream: "0:a", copy: true)
        let recoveredPackets = try FFmpegOracle.framemd5(outcome.recovered, stream: "0:a", copy: true)
        #expect(recoveredPackets.count == audio.samples)
        #expect(recoveredPackets == Array(originalPackets.prefix(recoveredPackets.count)))
        let wholeAudio = try packetsInside(original, stream: "a:0", length: outcome.cutLength)
        #expect(audio.samples <= wholeAudio)
        #expect(Double(audio.samples) >= 0.9 * Double(wholeAudio), "audio: \(audio.samples) of \(wholeAudio) whole frames")

        // The report: where it stopped and why, and the bytes it used.
        #expect(report.stopReason == .partialSample)
        #expect(report.fileSize == Int64(outcome.cutLength))
        #expect(report.bytesUsed == video.bytes + audio.bytes)
        #expect(report.mediaDataOffset + report.bytesUsed == report.stopOffset)
        #expect(report.stopOffset <= report.fileSize)
        #expect(video.syncSamples == (video.samples + 4) / 5)  // a key frame every 5 frames
        #expect(abs(video.duration - Double(video.samples) / 15) < 1e-9)
        #expect(abs(audio.duration - Double(audio.samples) * 1024 / 48000) < 1e-9)

        // ffprobe opens it: both streams, the right codecs, durations from the sample counts.
        let (streams, format) = try FFmpegOracle.probe(outcome.recovered)
        #expect(streams.map { $0["codec_name"] as? String } == ["h264", "aac"])
        #expect(streams.map { $0["nb_frames"] as? String } == ["\(video.samples)", "\(audio.samples)"])
        let videoDuration = try #require(FFmpegOracle.number(streams[0]["duration"]))
        #expect(abs(videoDuration - video.duration) <= 1.0 / 15)
        let formatDuration = try #require(FFmpegOracle.number(format["duration"]))
        #expect(abs(formatDuration - report.duration) <= 1.0 / 15)
        #expect(abs(report.duration - max(video.duration, audio.duration)) <= 1024.0 / 48000 + 1e-9)
        #expect(Int64((try? FileManager.default.attributesOfItem(atPath: outcome.recovered.path)[.size] as? Int) ?? 0) == report.outputSize)
    }

    @Test func aVideoOnlyRecordingIsRecovered() throws {
        let folder = try TempDirectory()
        let original = try Fixtures.clip(label: "mute-1", audio: false)
        let reference = try Fixtures.clip(label: "mute-2", audio: false)
        let cut = try Fixtures.truncated(original, fraction: 0.7, in: folder)
        let output = folder.path("recovered.mp4")
        let report = try TruncatedClipRecovery(reference: reference).recover(cut.url, to: output)
        #expect(report.tracks.map(\.kind) == ["video"])
        let frames = try FFmpegOracle.framemd5(output, stream: "0:v")
        #expect(frames.count == report.tracks[0].samples)
        #expect(frames == Array(try FFmpegOracle.framemd5(original, stream: "0:v").prefix(frames.count)))
        let whole = try packetsInside(original, stream: "v:0", length: cut.length)
        #expect(Double(frames.count) >= 0.9 * Double(whole))
    }

    /// A recording whose audio starts after a video-only pre-record buffer: the audio frames are found though
    /// the interleave is not the reference's, and an empty edit delays them as in the original.
    @Test func audioAfterAVideoOnlyBufferKeepsItsDelay() throws {
        let folder = try TempDirectory()
        let original = try Fixtures.clip(label: "prerecord-1", seconds: 8, audioDelay: 2.5)
        let reference = try Fixtures.clip(label: "recorder-A-0002")
        let cut = try Fixtures.truncated(original, fraction: 0.7, in: folder)
        let output = folder.path("recovered.mp4")
        let report = try TruncatedClipRecovery(reference: reference).recover(cut.url, to: output)
        let audio = try #require(report.track("audio"))
        let originalPackets = try FFmpegOracle.framemd5(original, stream: "0:a", copy: true)
        let recoveredPackets = try FFmpegOracle.framemd5(output, stream: "0:a", copy: true)
        #expect(recoveredPackets.count == audio.samples)
        // Timestamps differ by the way the delay is written (empty edit before or after the priming frame).
        #expect(recoveredPackets.map { [$0.size: $0.hash] } == originalPackets.prefix(audio.samples).map { [$0.size: $0.hash] })
        let whole = try packetsInside(original, stream: "a:0", length: cut.length)
        #expect(Double(audio.samples) >= 0.9 * Double(whole))
        let frames = try FFmpegOracle.framemd5(output, stream: "0:v")
        #expect(frames == Array(try FFmpegOracle.framemd5(original, stream: "0:v").prefix(frames.count)))
        func audioStart(_ url: URL) throws -> Double {
            let (streams, _) = try FFmpegOracle.probe(url)
            return try #require(FFmpegOracle.number(streams.first { $0["codec_type"] as? String == "audio" }?["start_time"]))
        }
        #expect(abs(try audioStart(output) - audioStart(original)) <= 1024.0 / 48000 + 0.002)
    }

    /// A healthy file "recovers" to all of its video samples and stops at the end of its media data. Its last
    /// audio frame is the encoder's 5-byte flush: nothing but size tells it from the end of the frame before,
    /// and a frame that small is taken for part of the one before (see `AACFrameScanner`): one audio frame less.
    @Test func aCompleteMediaDataBoxIsUsedToTheEnd() throws {
        let folder = try TempDirectory()
        let original = try Fixtures.clip(label: "recorder-A-0001")
        let reference = try Fixtures.clip(label: "recorder-A-0002")
        let output = folder.path("whole.mp4")
        let report = try TruncatedClipRecovery(reference: reference).recover(original, to: output)
        #expect(report.stopReason == .endOfData)
        #expect(report.bytesUsed == report.mediaDataBytes)
        let (streams, _) = try FFmpegOracle.probe(original)
        let frames = streams.map { Int($0["nb_frames"] as? String ?? "") ?? -1 }
        #expect(report.tracks.map(\.samples) == [frames[0], frames[1] - 1])
        let packets = try FFmpegOracle.framemd5(original, stream: "0:a", copy: true)
        let recovered = try FFmpegOracle.framemd5(output, stream: "0:a", copy: true)
        #expect(Array(recovered.dropLast()) == Array(packets.prefix(recovered.count - 1)))
    }
}
