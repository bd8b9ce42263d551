import Digest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A new file written front to back whose digests are taken from the very bytes handed to write(2):
/// the output is hashed as it is written and never read back.
public final class HashingFileSink: MediaSink {
    public let path: String
    private var descriptor: Int32
    private let digest: MultiDigest
    public private(set) var bytesWritten: Int64 = 0

    /// Creates `path`, which must not exist yet (O_EXCL).
    public init(path: String, algorithms: [DigestAlgorithm] = [.sha256]) throws(MediaError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw MediaError(.system(errno), call: "open", path: path) }
        self.path = path
        descriptor = fd
        digest = MultiDigest(algorithms)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try append(bytes)
    }

    /// `write` with a typed error, for callers outside FFmpeg.
    public func append(_ bytes: UnsafeRawBufferPointer) throws(MediaError) {
        guard descriptor >= 0 else { throw MediaError(.invalidArgument, call: "write", path: path, message: "sink already finished") }
        var done = 0
        while done < bytes.count {
            let count = posixWrite(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                throw MediaError(.system(errno), call: "write", path: path)
            }
            done += count
        }
        // Hashed after write(2) accepted the bytes: a failed write leaves the digest unfinished, and
        // the file is discarded by its owner.
        digest.update(bytes)
        bytesWritten += Int64(bytes.count)
    }

    /// Closes the file, after fsync when `durable`, and returns its digests and size.
    public func finish(durable: Bool) throws(MediaError) -> (digests: DigestSet, size: Int64) {
        guard descriptor >= 0 else { throw MediaError(.invalidArgument, call: "close", path: path, message: "sink already finished") }
        let fd = descriptor
        descriptor = -1
        if durable, fsync(fd) != 0 {
            let error = MediaError(.system(errno), call: "fsync", path: path)
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw MediaError(.system(errno), call: "close", path: path) }
        return (digest.finalize(), bytesWritten)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }
}

/// write(2), named apart from `MediaSink.write` inside the class.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
