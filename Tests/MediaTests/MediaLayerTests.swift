import Foundation
@testable import Media
import MediaProbes
import Testing
import TestSupport

/// The owner types beyond probing: custom I/O, stream copy into an output, decode, scale, resample
/// and encode, each checked by ffprobe or by the probe.
@Suite struct MediaLayerTests {
    /// A source that counts what FFmpeg asked of it, and can fail after some bytes.
    final class CountingSource: MediaSource {
        let file: FileSource
        var reads = 0, seeks = 0
        let failAfter: Int64?

        init(_ path: String, failAfter: Int64? = nil) throws {
            file = try FileSource(path: path)
            self.failAfter = failAfter
        }

        struct Broken: Error {}

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            reads += 1
            if let failAfter, file.offset >= failAfter { throw Broken() }
            return try file.read(into: buffer)
        }

        func seek(to offset: Int64) throws {
            seeks += 1
            try file.seek(to: offset)
        }

        var offset: Int64 { file.offset }
        var size: Int64? { file.size }
    }

    /// Packets per stream and the streams, read to the end.
    private func readAll(_ input: inout InputContext) throws -> [Int] {
        var counts = [Int](repeating: 0, count: input.streamCount)
        var packet = try Packet()
        while try input.read(into: &packet) { counts[packet.streamIndex] += 1 }
        return counts
    }

    @Test func customIOReadsWhatAPathReads() throws {
        // Index at the end: the demuxer must seek to the moov and back.
        let path = try MediaFixtures.h264AAC(indexAtEnd: true).path
        var byPath = try InputContext(path: path)
        try byPath.findStreamInfo()
        let source = try CountingSource(path)
        var bySource = try InputContext(source: source, name: path, bufferSize: 4096)
        try bySource.findStreamInfo()

        #expect(bySource.formatName == byPath.formatName)
        #expect(bySource.streams == byPath.streams)
        #expect(bySource.duration == byPath.duration)
        #expect(try readAll(&bySource) == readAll(&byPath))
        #expect(source.seeks > 0)
        #expect(source.reads > 1)
    }

    @Test func customIOFailureNamesTheSource() throws {
        let path = try MediaFixtures.h264AAC(indexAtEnd: false).path
        let source = try CountingSource(path, failAfter: 20_000)
        do {
            var input = try InputContext(source: source, name: "device:/DCIM/clip.mp4", bufferSize: 4096)
            try input.findStreamInfo()
            _ = try readAll(&input)
            Issue.record("reading a failing source succeeded")
        } catch let error as MediaError {
            #expect(error.path == "device:/DCIM/clip.mp4")
            #expect(error.message.contains("source failed: Broken"), "\(error)")
        }
    }

    @Test func streamCopyMovesTheIndexFirst() throws {
        let source = try MediaFixtures.rotated()
        let folder = try TempDirectory()
        let target = folder.path("copy.mp4").path

        var input = try InputContext(path: source.path)
        try input.findStreamInfo()
        var output = try OutputContext(path: target)
        #expect(output.formatName == "mp4")
        var inputBases: [Rational] = []
        for index in 0..<input.streamCount {
            #expect(try output.addStream(copying: index, of: input) == index)
            inputBases.append(input.stream(index).timeBase)
        }
        try output.writeHeader(options: ["movflags": "+faststart"])
        var packet = try Packet()
        while try input.read(into: &packet) {
            packet.rescaleTimestamps(from: inputBases[packet.streamIndex], to: output.timeBase(of: packet.streamIndex))
            try output.write(&packet)
        }
        try output.finish()

        let original = try MediaProbe.probe(path: source.path)
        let copy = try MediaProbe.probe(path: target)
        #expect(copy.integrity == .ok)
        #expect(original.mp4?.indexAtEnd == true)
        #expect(copy.mp4?.indexAtEnd == false)
        #expect(copy.streams.map(\.codec) == original.streams.map(\.codec))
        #expect(copy.streams.map(\.packets.count) == original.streams.map(\.packets.count))
        #expect(copy.rotation == 90)
        let oracle = try FFprobe(URL(fileURLWithPath: target), countPackets: true)
        #expect(oracle.streams.compactMap { FFprobe.number($0["nb_read_packets"]).map { Int($0) } } == copy.streams.map(\.packets.count))

        // Every packet arrives unchanged: ffmpeg's checksums of the copy's packets and the original's agree.
        let ours = try run("ffmpeg", ["-v", "error", "-i", target, "-map", "0", "-c", "copy", "-f", "framemd5", "-"])
        let theirs = try run("ffmpeg", ["-v", "error", "-i", source.path, "-map", "0", "-c", "copy", "-f", "framemd5", "-"])
        #expect(ours.stdout == theirs.stdout && !ours.stdout.isEmpty)
    }

    @Test func unknownMuxerOptionIsRefused() throws {
        let folder = try TempDirectory()
        var input = try InputContext(path: MediaFixtures.h264AAC().path)
        try input.findStreamInfo()
        var output = try OutputContext(path: folder.path("x.mp4").path)
        _ = try output.addStream(copying: 0, of: input)
        #expect(throws: MediaError.self) { try output.writeHeader(options: ["movflag": "+faststart"]) }
    }

    @Test func decodeScaleAndEncode() throws {
        let source = try MediaFixtures.h264AAC()
        let folder = try TempDirectory()
        let target = folder.path("thumbs.avi").path

        var input = try InputContext(path: source.path)
        try input.findStreamInfo()
        let best = input.bestStream(.video)
        let video = try #require(best)
        let decoder = try CodecContext(decoderFor: video, of: input)
        let scaler = try Scaler(from: .init(width: 160, height: 120, pixelFormat: .yuv420p),
                                to: .init(width: 80, height: 60, pixelFormat: .yuvj420p))
        let encoder = try CodecContext(encoder: "mjpeg")
        encoder.width = 80
        encoder.height = 60
        encoder.pixelFormat = .yuvj420p
        encoder.timeBase = Rational(1, 10)
        var output = try OutputContext(path: target)
        if output.needsGlobalHeader { encoder.requestGlobalHeader() }
        try encoder.open()
        let stream = try output.addStream(encoder: encoder)
        try output.writeHeader()

        var packet = try Packet()
        var frame = try Frame()
        var scaled = try Frame()
        var encoded = try Packet()
        var frames = 0
        func writeEncoded(_ output: inout OutputContext) throws {
            while try encoder.receive(into: &encoded) == .produced {
                encoded.streamIndex = stream
                encoded.rescaleTimestamps(from: encoder.timeBase, to: output.timeBase(of: stream))
                try output.write(&encoded)
            }
        }
        func take(_ output: inout OutputContext) throws {
            while try decoder.receive(into: &frame) == .produced {
                #expect(frame.width == 160 && frame.height == 120 && frame.pixelFormat == .yuv420p)
                try scaler.scale(frame, into: &scaled)
                #expect(scaled.width == 80 && scaled.height == 60)
                scaled.pts = Int64(frames)
                frames += 1
                #expect(try encoder.send(scaled) == .accepted)
                try writeEncoded(&output)
            }
        }
        while try input.read(into: &packet) {
            guard packet.streamIndex == video else { continue }
            #expect(try decoder.send(packet) == .accepted)
            try take(&output)
        }
        try decoder.sendEnd()
        try take(&output)
        try encoder.sendEnd()
        try writeEncoded(&output)
        try output.finish()

        #expect(frames == 20)
        let oracle = try FFprobe(URL(fileURLWithPath: target), countPackets: true)
        let out = try #require(oracle.streams.first)
        #expect(FFprobe.string(out["codec_name"]) == "mjpeg")
        #expect(FFprobe.number(out["width"]) == 80 && FFprobe.number(out["height"]) == 60)
        #expect(FFprobe.number(out["nb_read_packets"]) == 20)
    }

    @Test func resampleToSixteenKilohertzMono() throws {
        var input = try InputContext(path: MediaFixtures.h264AAC().path)
        try input.findStreamInfo()
        let best = input.bestStream(.audio)
        let audio = try #require(best)
        let info = input.stream(audio)
        let decoder = try CodecContext(decoderFor: audio, of: input)
        var resampler = try Resampler(
            from: .init(sampleRate: try #require(info.sampleRate), sampleFormat: try #require(info.sampleFormat), channels: 1),
            to: .init(sampleRate: 16_000, sampleFormat: .s16, channels: 1))
        var packet = try Packet()
        var frame = try Frame()
        var converted = try Frame()
        var samples = 0
        var decodedSamples = 0
        while try input.read(into: &packet) {
            guard packet.streamIndex == audio else { continue }
            _ = try decoder.send(packet)
            while try decoder.receive(into: &frame) == .produced {
                decodedSamples += frame.sampleCount
                try resampler.convert(frame, into: &converted)
                #expect(converted.sampleRate == 16_000 && converted.sampleFormat == .s16 && converted.channels == 1)
                samples += converted.sampleCount
            }
        }
        try resampler.drain(into: &converted)
        samples += converted.sampleCount
        // Exactly a third of the decoded 48 kHz samples, give or take the filter's rounding.
        #expect(abs(samples * 3 - decodedSamples) <= 3 * 16, "\(samples) at 16 kHz from \(decodedSamples) at 48 kHz")
        #expect(decodedSamples >= 96_000)
    }
}
