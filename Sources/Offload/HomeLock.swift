import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a home folder for the length of one offload or repair.
///
/// `flock` is released by the kernel when the process dies, so a run killed with SIGKILL never
/// leaves the home locked; the next run then knows that leftovers (staging files, sessions still
/// marked running) belong to a dead process and may be cleaned up.
public struct HomeLock: ~Copyable {
    private let fd: Int32

    public init(_ home: GatewayHome) throws {
        try home.prepare()
        let path = home.lockURL.path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OffloadError.errno(errno, call: "open", path: path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw OffloadError(.busy, call: "flock", path: path,
                                   message: "another offload is running on this home folder")
            }
            throw OffloadError.errno(code, call: "flock", path: path)
        }
        self.fd = fd
    }

    /// A use that keeps the lock alive to the end of the caller's scope (`defer { lock.hold() }`).
    public func hold() {}

    deinit { close(fd) }
}
