import Digest
#if canImport(Glibc)
import Glibc
#endif

/// Hashes a stored file as the storage holds it, not as the page cache remembers it.
///
/// A copy that was just written still sits in the page cache; hashing it there would prove only that
/// memory holds the right bytes. After `fsync` the pages are clean, so `POSIX_FADV_DONTNEED` drops
/// them and the read that follows comes from the device. The pages are dropped again afterwards so
/// verification does not push useful data out of the cache.
enum StorageReadBack {
    static func digest(path: String, algorithms: [DigestAlgorithm], copier: StreamingCopy = StreamingCopy())
        throws -> DigestSet
    {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
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
