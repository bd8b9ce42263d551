import CFFmpeg

/// Allocation and release of a custom AVIOContext, shared by the reading (`IOBridge`) and writing
/// (`OutputBridge`) bridges: the buffer must come from av_malloc, is freed by us if the context cannot
/// be made, and at the end is the context's current buffer (FFmpeg may have replaced the one given).
enum CustomAVIO {
    typealias ReadPacket = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32
    typealias WritePacket = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32
    typealias Seek = @convention(c) (UnsafeMutableRawPointer?, Int64, Int32) -> Int64

    static func allocate(
        name: String, bufferSize: Int, writable: Bool, opaque: UnsafeMutableRawPointer,
        read: ReadPacket?, write: WritePacket?, seek: Seek?
    ) throws(MediaError) -> UnsafeMutablePointer<AVIOContext> {
        let buffer = try MediaError.allocated(av_malloc(bufferSize), "av_malloc", path: name)
        guard let context = avio_alloc_context(
            buffer.assumingMemoryBound(to: UInt8.self), Int32(bufferSize), writable ? 1 : 0, opaque,
            read, write, seek)
        else {
            av_free(buffer)
            throw MediaError(.outOfMemory, call: "avio_alloc_context", path: name)
        }
        return context
    }

    /// Frees the context and its current buffer; does nothing when already freed.
    static func free(_ context: inout UnsafeMutablePointer<AVIOContext>?) {
        guard context != nil else { return }
        av_freep(&context!.pointee.buffer)
        avio_context_free(&context)
    }
}
