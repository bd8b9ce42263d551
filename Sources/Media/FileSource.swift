#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read with pread(2) through a descriptor it owns: the plainest `MediaSource`.
public final class FileSource: MediaSource {
    public let path: String
    private let descriptor: Int32
    public private(set) var offset: Int64 = 0
    public let size: Int64?

    /// Opens `path`, which must be a regular file (a FIFO or device is refused, never waited on).
    public init(path: String) throws(MediaError) {
        self.path = path
        let fd = try RegularFile.open(path)
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = MediaError(.system(errno), call: "fstat", path: path)
            close(fd)
            throw error
        }
        descriptor = fd
        size = Int64(info.st_size)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 {
                offset += Int64(count)
                return count
            }
            guard errno == EINTR else { throw MediaError(.system(errno), call: "pread", path: path) }
        }
    }

    /// Up to `count` bytes at `offset`, without moving the current offset; fewer only at the end of
    /// the file.
    public func bytes(at offset: Int64, count: Int) throws(MediaError) -> [UInt8] {
        guard offset >= 0, count >= 0 else { throw MediaError(.invalidArgument, call: "pread", path: path) }
        if count == 0 { return [] }
        var result = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = result.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + filled, count - filled, off_t(offset + Int64(filled)))
            }
            if got == 0 { break }
            if got < 0 {
                guard errno == EINTR else { throw MediaError(.system(errno), call: "pread", path: path) }
                continue
            }
            filled += got
        }
        result.removeLast(count - filled)
        return result
    }

    public func seek(to offset: Int64) throws {
        guard offset >= 0 else { throw MediaError(.invalidArgument, call: "seek", path: path) }
        self.offset = offset
    }

    deinit { close(descriptor) }
}
