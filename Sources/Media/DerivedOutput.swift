import Digest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A derived file on its way to its destination: written under a hidden temporary name in the
/// destination's folder (so the final step is a link within one file system), then published under
/// its name only when complete, hashed and, when asked, durable. Dropped unpublished, the temporary
/// file is removed: a failed derivation leaves nothing behind.
///
/// It never replaces an existing file: the destination is checked first and published with link(2),
/// which fails if the name appeared meanwhile. So a derived file can never overwrite an original.
///
/// Two ways to fill it:
/// - `hashingSink`: the bytes come through a `HashingFileSink`, hashed as they are written.
/// - FFmpeg writes `temporaryPath` itself, because the muxer needs a real, seekable, re-openable file
///   (MP4 with `movflags=+faststart` moves its index to the front in a second pass that re-opens the
///   output by its URL and rewrites every media byte). `publishAfterHashing` then hashes the finished
///   file once, front to back, just before publishing it; the bytes come from the page cache, just
///   written.
final class DerivedOutput {
    let destination: String
    let temporaryPath: String
    private let options: DerivedFileOptions
    private var sink: HashingFileSink?
    private var published = false

    init(destination: String, options: DerivedFileOptions) throws(MediaError) {
        var info = stat()
        if lstat(destination, &info) == 0 {
            throw MediaError(.system(EEXIST), call: "lstat", path: destination, message: "will not replace an existing file")
        }
        let (folder, name) = Self.split(destination)
        guard !name.isEmpty else { throw MediaError(.invalidArgument, call: "open", path: destination, message: "no file name") }
        guard stat(folder, &info) == 0 else { throw MediaError(.system(errno), call: "stat", path: folder) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw MediaError(.system(ENOTDIR), call: "stat", path: folder) }
        self.destination = destination
        self.options = options
        temporaryPath = (folder == "/" ? "" : folder) + "/.\(name).partial-\(String(UInt64.random(in: .min ... .max), radix: 16))"
    }

    private var folder: String { Self.split(destination).folder }

    /// The folder and file name of `path` (`.` for a bare name).
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        return (folder, String(path[path.index(after: slash)...]))
    }

    /// Creates the temporary file as a sink that hashes what it writes.
    func hashingSink() throws(MediaError) -> HashingFileSink {
        precondition(sink == nil, "one sink per output")
        let created = try HashingFileSink(path: temporaryPath, algorithms: options.digests)
        sink = created
        return created
    }

    /// Publishes what the sink wrote, with the digests it took while writing.
    func publishFromSink() throws(MediaError) -> (digests: DigestSet, size: Int64) {
        guard let sink else { preconditionFailure("publishFromSink without a sink") }
        let result = try sink.finish(durable: options.durable)
        try publish()
        return result
    }

    /// Publishes the file FFmpeg wrote at `temporaryPath`, hashing it in one streaming pass first.
    func publishAfterHashing() throws(MediaError) -> (digests: DigestSet, size: Int64) {
        let fd = open(temporaryPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw MediaError(.system(errno), call: "open", path: temporaryPath) }
        defer { close(fd) }
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 4096)
        defer { buffer.deallocate() }
        let digest = MultiDigest(options.digests)
        var size: Int64 = 0
        while true {
            let count = read(fd, buffer.baseAddress, chunk)
            if count > 0 {
                digest.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                size += Int64(count)
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw MediaError(.system(errno), call: "read", path: temporaryPath)
            }
        }
        // fsync through the read-only descriptor: Linux flushes the file's dirty pages whatever the mode.
        if options.durable, fsync(fd) != 0 { throw MediaError(.system(errno), call: "fsync", path: temporaryPath) }
        try publish()
        return (digest.finalize(), size)
    }

    /// Gives the temporary file its final name without ever replacing a file, then drops the
    /// temporary name.
    private func publish() throws(MediaError) {
        guard link(temporaryPath, destination) == 0 else {
            let code = errno
            throw MediaError(.system(code), call: "link", path: destination,
                             message: code == EEXIST ? "will not replace an existing file" : MediaError.Code.system(code).text)
        }
        published = true
        unlink(temporaryPath)
        if options.durable {
            let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw MediaError(.system(errno), call: "open", path: folder) }
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw MediaError(.system(errno), call: "fsync", path: folder) }
        }
    }

    deinit {
        if !published { unlink(temporaryPath) }
    }
}
