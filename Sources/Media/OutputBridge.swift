import CFFmpeg

/// The custom write-only AVIOContext over a `MediaSink`: FFmpeg's write callback finds the sink
/// through the context's opaque pointer, which is this object, kept alive by the output context.
///
/// No seek callback is given, so avio_alloc_context marks the context unseekable and muxers write
/// strictly in order (see `MediaSink`).
final class OutputBridge {
    let sink: any MediaSink
    let name: String
    private(set) var context: UnsafeMutablePointer<AVIOContext>?
    /// What the sink threw first, so the FFmpeg call that failed because of it can say why.
    private(set) var firstError: (any Error)?

    init(sink: any MediaSink, name: String, bufferSize: Int) throws(MediaError) {
        self.sink = sink
        self.name = name
        context = try CustomAVIO.allocate(
            name: name, bufferSize: bufferSize, writable: true, opaque: Unmanaged.passUnretained(self).toOpaque(),
            read: nil,
            write: { opaque, buffer, size in OutputBridge.from(opaque).writePacket(buffer, size) },
            seek: nil)
    }

    private static func from(_ opaque: UnsafeMutableRawPointer?) -> OutputBridge {
        Unmanaged<OutputBridge>.fromOpaque(opaque!).takeUnretainedValue()
    }

    /// write_packet: the bytes taken, or an AVERROR. After one failure every later write fails too,
    /// so no byte after a gap ever reaches the sink.
    private func writePacket(_ buffer: UnsafeMutablePointer<UInt8>?, _ size: Int32) -> Int32 {
        if let firstError { return Self.code(for: firstError) }
        guard size > 0 else { return 0 }
        guard let buffer else { return recgate_averror(EINVAL) }
        do {
            try sink.write(UnsafeRawBufferPointer(start: buffer, count: Int(size)))
            return size
        } catch {
            firstError = error
            return Self.code(for: error)
        }
    }

    private static func code(for error: any Error) -> Int32 {
        (error as? MediaError)?.code.rawValue ?? recgate_averror(EIO)
    }

    /// Pushes FFmpeg's buffered bytes to the sink and reports any write that failed on the way.
    func flush(call: String) throws(MediaError) {
        guard let context else { return }
        avio_flush(context)
        if let firstError { throw explain(MediaError(.init(rawValue: Self.code(for: firstError)), call: call, path: name)) }
        if context.pointee.error < 0 { throw MediaError(.init(rawValue: context.pointee.error), call: call, path: name) }
    }

    /// `error`, with the sink's own failure as its message when the sink caused it.
    func explain(_ error: MediaError) -> MediaError {
        guard let firstError else { return error }
        if let own = firstError as? MediaError { return own }
        var explained = error
        explained.message = "\(error.message): sink failed: \(firstError)"
        return explained
    }

    /// Frees the AVIOContext and its current buffer (FFmpeg may have replaced the one given to it).
    func free() { CustomAVIO.free(&context) }

    deinit { free() }
}
