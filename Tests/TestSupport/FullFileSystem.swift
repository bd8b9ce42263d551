#if canImport(Glibc)
import Glibc
#endif

/// Fills a small test file system to the last byte, for tests of what needs no free space.
public enum FullFileSystem {
    /// Writes zeros to `path` until the file system refuses another byte (large writes first, then smaller
    /// ones down to single bytes, so no block is left half free).
    public static func fill(_ path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        for chunk in [65536, 4096, 512, 1] {
            let zeros = [UInt8](repeating: 0, count: chunk)
            while zeros.withUnsafeBytes({ write(fd, $0.baseAddress, chunk) }) == chunk {}
        }
    }

    /// Whether one more byte can be written at `path` (false on a full file system).
    public static func canWrite(byteTo path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var byte: UInt8 = 1
        return write(fd, &byte, 1) == 1
    }
}
