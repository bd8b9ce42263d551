import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What ``EvidenceStore/repair(_:sha256:)`` did.
public struct ObjectRepair: Sendable, Hashable {
    /// The object's path, now holding the verified bytes.
    public var objectPath: String
    /// Where the bytes found at the object's path were moved, or `nil` when there were none (missing).
    public var quarantinePath: String?
}

extension EvidenceStore {
    /// `quarantine/`: objects found corrupt, kept (never deleted) under `<sha256>.<uuid>`.
    public var quarantinePath: String { rootPath + "/quarantine" }

    /// Puts a staging file whose bytes the caller verified against the catalogued digests in place of
    /// the object named `sha256`, which the caller found corrupt or missing.
    ///
    /// Evidence is never deleted, even corrupt: the bytes found at the object's path are first given a
    /// second name in `quarantine/` (a hard link, its folder fsynced), and only then does the staging
    /// file replace the object's name in one `rename`. This is the one place an object's name is
    /// replaced; ``commit(_:sha256:)`` never does. At every instant the object's path holds either the
    /// old bytes or the verified ones, and a stop before the rename leaves the corrupt object in place
    /// (and an extra name in quarantine) for the next run to repair again. A missing object is simply
    /// committed.
    ///
    /// The staging file is fsynced and made read-only first, as by a commit.
    public func repair(_ staging: consuming StagingFile, sha256: String) throws(EvidenceError) -> ObjectRepair {
        let destination = try self.objectPath(sha256: sha256)
        guard let existing = try Syscall.linkStatusIfPresent(destination) else {
            switch try self.commit(staging, sha256: sha256) {
            case .stored(let path):
                return ObjectRepair(objectPath: path, quarantinePath: nil)
            case .alreadyPresent(let path):
                // Only one offload holds the home: nothing else publishes objects meanwhile.
                throw EvidenceError(
                    code: .conflict, operation: "repair", path: path,
                    message: "an object appeared while a missing one was being repaired", location: .here())
            }
        }
        guard (existing.st_mode & S_IFMT) == S_IFREG else {
            throw EvidenceError(
                code: .conflict, operation: "repair", path: destination,
                message: "something that is not a regular file is at the object's path", location: .here())
        }
        try staging.sync()
        try Syscall.changeMode(staging.fileDescriptor, 0o444, path: staging.path)

        if try Syscall.makeDirectoryIfAbsent(self.quarantinePath) {
            try Syscall.syncDirectory(self.rootPath)
        }
        let quarantined = "\(self.quarantinePath)/\(sha256).\(UUID().uuidString.lowercased())"
        try Syscall.hardLink(destination, quarantined)
        try Syscall.syncDirectory(self.quarantinePath)

        try Syscall.renameFile(staging.path, destination)
        try Syscall.syncDirectory((destination as NSString).deletingLastPathComponent)
        try Syscall.syncDirectory(self.stagingPath)
        return ObjectRepair(objectPath: destination, quarantinePath: quarantined)
    }

    /// The names in `quarantine/` now (none when it was never made).
    public func quarantineEntries() throws(EvidenceError) -> [String] {
        guard try Syscall.linkStatusIfPresent(self.quarantinePath) != nil else { return [] }
        return try Syscall.directoryEntries(self.quarantinePath)
    }
}
