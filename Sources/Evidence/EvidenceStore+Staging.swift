import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension EvidenceStore {
    /// The same store, with a staging folder of its own, `staging/<id>/`, whose lock
    /// (`staging/<id>.lock`, `flock`ed) this process holds for as long as the returned value (or a
    /// copy of it) lives.
    ///
    /// Several processes write into one store at once (offloads of different devices): each stages in
    /// its own folder, and ``removeStaleStaging()`` removes only folders whose lock is free, those of a
    /// process that died. The kernel drops a dead process's `flock`, so no leftover is ever mistaken
    /// for live work, and no live work for a leftover.
    public func claimingStaging() throws(EvidenceError) -> EvidenceStore {
        while true {
            let id = UUID().uuidString.lowercased()
            let pending = "\(stagingRoot)/\(id).new"
            let lockPath = "\(stagingRoot)/\(id).lock"
            // Locked under a name cleaners skip until it is locked, then renamed: a cleaner can never
            // take the lock in the instant between creating the file and locking it.
            let fd = try Syscall.openFile(pending, flags: O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, mode: 0o600)
            do throws(EvidenceError) {
                guard try Syscall.tryLock(fd, path: pending) else {
                    Syscall.closeFile(fd)
                    continue
                }
                try Syscall.renameFile(pending, lockPath)
            } catch where error.systemErrno == ENOENT {
                // A cleaner took the pending file for a dead one's and removed it: start again.
                Syscall.closeFile(fd)
                continue
            } catch {
                Syscall.closeFile(fd)
                try? Syscall.removeFile(pending)
                throw error
            }
            let folder = "\(stagingRoot)/\(id)"
            let claim = StagingClaim(folder: folder, lockPath: lockPath, descriptor: fd)
            try Syscall.makeDirectoryIfAbsent(folder, mode: 0o700)
            try Syscall.syncDirectory(stagingRoot)
            return EvidenceStore(self, claim: claim)
        }
    }

    /// Gives up this value's staging folder (see ``StagingClaim/release()``); nothing may be staged
    /// through it afterwards. A value that claimed none has nothing to give up.
    public func releaseStaging() {
        claim?.release()
    }

    /// Deletes what processes that died left in `staging/`, and returns how many staging files went.
    ///
    /// A folder is removed only when its lock is free (its process is gone); the folder of a live
    /// process, this one's included, is never touched. Files directly in `staging/` (the layout before
    /// staging folders, or a store value that claimed none) have no owner to ask and are removed too:
    /// call this before staging anything unclaimed.
    @discardableResult
    public func removeStaleStaging() throws(EvidenceError) -> Int {
        var removed = 0
        for name in try Syscall.directoryEntries(stagingRoot) {
            let path = "\(stagingRoot)/\(name)"
            if name.hasSuffix(".lock") || name.hasSuffix(".new") {
                removed += try removeIfAbandoned(lockPath: path, folder: name.hasSuffix(".lock")
                    ? String(path.dropLast(".lock".count)) : nil)
                continue
            }
            guard let info = try Syscall.linkStatusIfPresent(path) else { continue }
            // A folder is removed with its lock file, never on its own: its owner may be creating it.
            if (info.st_mode & S_IFMT) == S_IFDIR { continue }
            try Syscall.removeFile(path)
            removed += 1
        }
        if removed > 0 {
            try Syscall.syncDirectory(stagingRoot)
        }
        return removed
    }

    /// Removes `folder`'s files, `folder` and its lock file if the lock is free; returns how many files.
    private func removeIfAbandoned(lockPath: String, folder: String?) throws(EvidenceError) -> Int {
        let fd: Int32
        do {
            fd = try Syscall.openFile(lockPath, flags: O_RDWR | O_CLOEXEC)
        } catch where error.systemErrno == ENOENT {
            return 0  // its owner finished, or another cleaner got there first
        }
        defer { Syscall.closeFile(fd) }
        guard try Syscall.tryLock(fd, path: lockPath) else { return 0 }
        var removed = 0
        if let folder, try Syscall.linkStatusIfPresent(folder) != nil {
            for name in try Syscall.directoryEntries(folder) {
                try Syscall.removeFile("\(folder)/\(name)")
                removed += 1
            }
            try Syscall.removeDirectoryIfPresent(folder)
        }
        do {
            try Syscall.removeFile(lockPath)
        } catch where error.systemErrno == ENOENT {}
        return removed
    }

    /// The names of the files in this value's staging folder now (`staging/` itself when unclaimed).
    public func stagingEntries() throws(EvidenceError) -> [String] {
        try Syscall.directoryEntries(self.stagingPath)
    }
}
