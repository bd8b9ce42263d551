import Foundation
import Media
import Testing
import TestSupport

/// The write-only custom output under contact sheets: bytes reach the sink in order or the muxer
/// refuses to start, and a sink's failure surfaces as its own error.
@Suite struct SinkTests {
    init() { QuietMedia.once }

    /// Takes bytes in memory, or fails every write with `failure`.
    final class MemorySink: MediaSink {
        var bytes: [UInt8] = []
        let failure: MediaError?
        init(failing failure: MediaError? = nil) { self.failure = failure }
        func write(_ chunk: UnsafeRawBufferPointer) throws {
            if let failure { throw failure }
            bytes.append(contentsOf: chunk)
        }
    }

    /// An opened mjpeg encoder and one grey 64x48 picture for it.
    func jpegEncoder() throws -> CodecContext {
        let encoder = try CodecContext(encoder: "mjpeg")
        encoder.width = 64
        encoder.height = 48
        encoder.pixelFormat = .yuvj420p
        encoder.timeBase = Rational(1, 1)
        try encoder.open()
        return encoder
    }

    func greyPicture() throws -> Frame {
        var frame = try Frame()
        frame.width = 64
        frame.height = 48
        frame.pixelFormat = .yuvj420p
        try frame.allocateBuffers()
        for plane in 0..<3 {
            let rows = plane == 0 ? 48 : 24
            _ = frame.withUnsafeMutablePlane(plane) { data, lineSize in
                data?.initializeMemory(as: UInt8.self, repeating: 128, count: lineSize * rows)
            }
        }
        frame.pts = 0
        return frame
    }

    @Test func aRawMuxerWritesThroughTheSinkInOrder() throws {
        let sink = MemorySink()
        let encoder = try jpegEncoder()
        var muxer = try OutputContext(sink: sink, name: "memory", format: "mjpeg")
        let stream = try muxer.addStream(encoder: encoder)
        try muxer.writeHeader()
        let picture = try greyPicture()
        _ = try encoder.send(picture)
        try encoder.sendEnd()
        var packet = try Packet()
        var packetBytes: [UInt8] = []
        while try encoder.receive(into: &packet) == .produced {
            packet.withUnsafeBytes { packetBytes += $0 }
            packet.streamIndex = stream
            try muxer.write(&packet)
        }
        try muxer.finish()
        #expect(!packetBytes.isEmpty)
        #expect(sink.bytes == packetBytes, "the JPEG, byte for byte, nothing else")
        #expect(Array(sink.bytes.prefix(2)) == [0xFF, 0xD8])
    }

    @Test func mp4RefusesASinkBecauseItWouldSeekBack() throws {
        let encoder = try CodecContext(encoder: "mjpeg")
        encoder.width = 64
        encoder.height = 48
        encoder.pixelFormat = .yuvj420p
        encoder.timeBase = Rational(1, 25)
        encoder.requestGlobalHeader()
        try encoder.open()
        var muxer = try OutputContext(sink: MemorySink(), name: "memory", format: "mp4")
        _ = try muxer.addStream(encoder: encoder)
        let error = #expect(throws: MediaError.self) { try muxer.writeHeader() }
        #expect(error?.call == "avformat_write_header")
    }

    @Test func aFailingSinkIsWhatTheErrorSays() throws {
        let full = MediaError(.system(ENOSPC), call: "write", path: "/full/disk.jpg")
        let encoder = try jpegEncoder()
        var muxer = try OutputContext(sink: MemorySink(failing: full), name: "memory", format: "mjpeg")
        let stream = try muxer.addStream(encoder: encoder)
        try muxer.writeHeader()
        _ = try encoder.send(try greyPicture())
        try encoder.sendEnd()
        var packet = try Packet()
        // A non-seekable output is flushed after each packet, so the write already meets the full disk;
        // `explain` gives the sink's own error rather than FFmpeg's rendering of its code.
        var failure: MediaError?
        do {
            while try encoder.receive(into: &packet) == .produced {
                packet.streamIndex = stream
                try muxer.write(&packet)
            }
        } catch {
            failure = muxer.explain(error)
        }
        if failure == nil {
            do {
                try muxer.finish()
            } catch {
                failure = error
            }
        }
        #expect(failure == full)
    }

    @Test func hashingSinkDigestsWhatItWrote() throws {
        let folder = try TempDirectory()
        let path = folder.path("h.bin").path
        let sink = try HashingFileSink(path: path)
        let text = Array("recgate derived media\n".utf8)
        try text.withUnsafeBytes { try sink.append($0) }
        let (digests, size) = try sink.finish(durable: false)
        #expect(size == Int64(text.count))
        #expect(try digests.sha256 == Oracles.sha256(URL(fileURLWithPath: path)))
        // It never replaces a file.
        #expect(throws: MediaError.self) { try HashingFileSink(path: path) }
    }
}
