#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock shared by every process writing one catalog: `flock` on `<database file>.lock`.
///
/// SQLite serialises the writes themselves across processes, but two steps of a write happen outside
/// its lock: the migrations run at open (each process would otherwise find the same ones missing and
/// apply them twice), and the audit anchor's advance after a commit (a process that read the anchor,
/// then lost the processor to another that committed and advanced it further, would write an older
/// head over the newer one). Both run under this lock, so the anchor only ever moves forward.
struct CatalogWriterLock: Sendable {
    let path: String

    /// Runs `body` holding the lock; it is released when the descriptor closes, or the process dies.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = try Syscall.openFile(path, flags: O_RDWR | O_CREAT | O_CLOEXEC, mode: 0o644)
        defer { Syscall.closeFile(fd) }
        try Syscall.lock(fd, path: path)
        return try body()
    }
}
