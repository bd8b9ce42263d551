import CFFmpeg

/// The custom AVIOContext over a `MediaSource`: FFmpeg's C callbacks find the source through the
/// context's opaque pointer, which is this object, kept alive by the input context that owns it.
///
/// The owner frees the AVIOContext after avformat_close_input (which does not free a custom one).
final class IOBridge {
    let source: any MediaSource
    let name: String
    private(set) var context: UnsafeMutablePointer<AVIOContext>?
    /// What the source threw last, so the FFmpeg call that failed because of it can say why.
    private(set) var lastError: (any Error)?

    init(source: any MediaSource, name: String, bufferSize: Int) throws(MediaError) {
        self.source = source
        self.name = name
        context = try CustomAVIO.allocate(
            name: name, bufferSize: bufferSize, writable: false, opaque: Unmanaged.passUnretained(self).toOpaque(),
            read: { opaque, buffer, size in IOBridge.from(opaque).readPacket(buffer, size) },
            write: nil,
            seek: { opaque, offset, whence in IOBridge.from(opaque).seek(offset, whence) })
    }

    private static func from(_ opaque: UnsafeMutableRawPointer?) -> IOBridge {
        Unmanaged<IOBridge>.fromOpaque(opaque!).takeUnretainedValue()
    }

    /// read_packet: bytes read, or AVERROR_EOF at the end (never 0, which FFmpeg 5.1 takes for "try
    /// again"), or AVERROR(EIO) when the source threw.
    private func readPacket(_ buffer: UnsafeMutablePointer<UInt8>?, _ size: Int32) -> Int32 {
        guard let buffer, size > 0 else { return recgate_averror(EINVAL) }
        do {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(size)))
            return count > 0 ? Int32(clamping: count) : recgate_averror_eof()
        } catch {
            lastError = error
            return (error as? MediaError)?.code.rawValue ?? recgate_averror(EIO)
        }
    }

    /// seek: the new offset, the size for AVSEEK_SIZE, or an AVERROR.
    private func seek(_ offset: Int64, _ whence: Int32) -> Int64 {
        let mode = whence & ~Int32(AVSEEK_FORCE)
        if mode == AVSEEK_SIZE { return source.size ?? Int64(recgate_averror(ENOSYS)) }
        let target: Int64
        switch mode {
        case SEEK_SET: target = offset
        case SEEK_CUR: target = source.offset + offset
        case SEEK_END:
            guard let size = source.size else { return Int64(recgate_averror(ENOSYS)) }
            target = size + offset
        default: return Int64(recgate_averror(EINVAL))
        }
        do {
            try source.seek(to: target)
            return target
        } catch {
            lastError = error
            return Int64((error as? MediaError)?.code.rawValue ?? recgate_averror(EIO))
        }
    }

    /// `error`, with the source's own failure as its message when the source caused it.
    func explain(_ error: MediaError) -> MediaError {
        guard let lastError else { return error }
        var explained = error
        explained.message = "\(error.message): source failed: \(lastError)"
        return explained
    }

    /// Frees the AVIOContext and its current buffer (FFmpeg may have replaced the one given to it).
    func free() { CustomAVIO.free(&context) }

    deinit { free() }
}
