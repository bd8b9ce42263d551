import Synchronization

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
/// `Sendable`: its stored properties are immutable but `released`, which is read and written only inside
/// its `Mutex`; the descriptor is closed once, by whichever of `release()` and `deinit` comes first.
public final class StagingClaim: Sendable {
    /// The folder staging files are written to.
    public let folder: String
    let lockPath: String
    let descriptor: Int32
    private let released = Mutex(false)

    init(folder: String, lockPath: String, descriptor: Int32) {
        self.folder = folder
        self.lockPath = lockPath
        self.descriptor = descriptor
    }

    /// Gives the folder up now, when the work that staged in it is done. Without it the claim ends when
    /// the last copy of its store value goes, which a thread finishing its last task may hold past the
    /// moment the process exits: then the lock file and the empty folder stay for the next cleaning.
    public func release() {
        let first = released.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        // The folder goes first, while the lock is still held, and only if empty: a file left in it
        // (a commit that failed after its link) waits for the next cleaning, which sees the lock free.
        // Unlinking the lock file before closing it: a cleaner that opened it in between takes the lock
        // of an unlinked file and finds nothing left to remove.
        if (try? Syscall.removeDirectoryIfPresent(folder)) != nil {
            try? Syscall.removeFile(lockPath)
        }
        Syscall.closeFile(descriptor)
    }

    deinit {
        release()
    }
}
