import Digest
#if canImport(Glibc)
import Glibc
#endif

/// Hashes a stored file as the storage holds it, not as the page cache remembers it.
///
/// A copy that was just written still sits in the page cache; hashing it there would prove only that
/// memory holds the right bytes. The file is read with `O_DIRECT`, which goes to the device (the kernel
/// writes back any dirty page first) and, with large aligned reads, is also faster and costs no copy
/// through the cache. Where a file system refuses `O_DIRECT` (tmpfs), the file's clean pages are
/// dropped with `POSIX_FADV_DONTNEED` after `fsync` and it is read normally. Either way the pages are
/// dropped afterwards so verification does not push useful data out of the cache.
enum StorageReadBack {
    /// Large reads: direct I/O pays a device round trip per read.
    static let copier = StreamingCopy(chunkSize: 4 << 20, bufferCount: 4)

    static func digest(path: String, algorithms: [DigestAlgorithm], copier: StreamingCopy = Self.copier)
        throws -> DigestSet
    {
        var fd = open(path, O_RDONLY | O_CLOEXEC | O_DIRECT)
        if fd < 0 && errno == EINVAL { fd = open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw OffloadError.errno(errno, call: "open", path: path) }
        defer { close(fd) }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        let hasher = MultiDigest(algorithms)
        _ = try copier.run(source: fd, sourcePath: path, destination: nil, destinationPath: nil, hasher: hasher)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
        return hasher.finalize()
    }
}
