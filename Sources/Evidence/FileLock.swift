#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file, for work that processes of one home must not do at the same time
/// (the daemon's derived-media queue and `recgate derive` making the same clip's file).
public struct FileLock: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Runs `body` holding the lock, waiting for its holder first; it is released when the descriptor
    /// closes, or the process dies.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = try Syscall.openFile(path, flags: O_RDWR | O_CREAT | O_CLOEXEC, mode: 0o644)
        defer { Syscall.closeFile(fd) }
        try Syscall.lock(fd, path: path)
        return try body()
    }
}
