import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes read by offset: a file opened here (`ReadOnlyFile`), or another layer's file handle adapted to
/// it, so that layer reads boxes with this module while its own read errors pass through unchanged.
public protocol ByteSource {
    /// The file's path, for errors.
    var path: String { get }
    /// The number of bytes there are.
    var size: Int64 { get }
    /// Up to `count` bytes from `offset`; fewer only at the end.
    func read(at offset: Int64, count: Int) throws -> [UInt8]
}

/// A file opened for positional reads (pread), so boxes are reached by offset and a multi-gigabyte `mdat`
/// is never loaded whole. Owns its descriptor; not shared between threads.
public final class ReadOnlyFile: ByteSource {
    public let path: String
    /// The size when opened. Recovery reads files that nothing else writes to.
    public let size: Int64
    private let descriptor: Int32

    public init(_ url: URL) throws {
        path = url.path
        // O_NONBLOCK: a FIFO is refused below instead of waiting here for a writer (no effect on regular files).
        descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw MP4Error.io(path: url.path, operation: "open", errno: errno) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw MP4Error.io(path: url.path, operation: "stat", errno: code)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw MP4Error.io(path: url.path, operation: "open (not a regular file)", errno: EINVAL)
        }
        size = Int64(info.st_size)
    }

    deinit {
        close(descriptor)
    }

    /// Up to `count` bytes from `offset`; fewer only at the end of the file.
    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard count > 0, offset >= 0, offset < size else { return [] }
        let wanted = Int(min(Int64(count), size - offset))
        var buffer = [UInt8](repeating: 0, count: wanted)
        var done = 0
        try buffer.withUnsafeMutableBytes { raw in
            while done < wanted {
                let got = pread(descriptor, raw.baseAddress! + done, wanted - done, off_t(offset) + off_t(done))
                if got < 0 {
                    if errno == EINTR { continue }
                    throw MP4Error.io(path: path, operation: "read", errno: errno)
                }
                if got == 0 { break }  // the file shrank under us: return what there is
                done += got
            }
        }
        if done < wanted { buffer.removeSubrange(done...) }
        return buffer
    }
}
