#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One process's staging folder, `staging/<id>/`, and the `flock` on `staging/<id>.lock` that tells
/// every other process it is alive (see ``EvidenceStore/claimingStaging()``).
///
/// `Sendable`: its stored properties are immutable; the descriptor is only closed, once, in `deinit`.
public final class StagingClaim: Sendable {
    /// The folder staging files are written to.
    public let folder: String
    let lockPath: String
    let descriptor: Int32

    init(folder: String, lockPath: String, descriptor: Int32) {
        self.folder = folder
        self.lockPath = lockPath
        self.descriptor = descriptor
    }

    deinit {
        // The folder goes first, while the lock is still held, and only if empty: a file left in it
        // (a commit that failed after its link) waits for the next cleaning, which sees the lock free.
        // Unlinking the lock file before closing it: a cleaner that opened it in between takes the lock
        // of an unlinked file and finds nothing left to remove.
        if (try? Syscall.removeDirectoryIfPresent(folder)) != nil {
            try? Syscall.removeFile(lockPath)
        }
        Syscall.closeFile(descriptor)
    }
}
