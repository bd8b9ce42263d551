/// Bytes that FFmpeg reads through a custom AVIOContext instead of opening a file itself: a stored
/// recording read while it is hashed, a file still on a device, bytes in memory.
///
/// FFmpeg's demuxers seek (the MP4 demuxer jumps to an index at the end of the file), so a source
/// answers reads at any offset it was asked to seek to. Calls come from the thread that drives the
/// input context, one at a time.
public protocol MediaSource: AnyObject {
    /// Reads up to `buffer.count` bytes at the current offset into `buffer` and advances; returns how
    /// many, 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Moves the current offset to `offset` bytes from the start.
    func seek(to offset: Int64) throws
    /// The current offset.
    var offset: Int64 { get }
    /// The total size when known; FFmpeg asks for it (AVSEEK_SIZE) to seek from the end.
    var size: Int64? { get }
}
