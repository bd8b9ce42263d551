import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A write-once, content-addressed store of recordings.
///
/// Layout under ``root``:
///
/// ```
/// objects/sha256/ab/cd/abcd…(64 hex)   read-only (0444) objects, named by the sha256 of their bytes
/// staging/<id>.lock                    flocked by the live process that writes in staging/<id>/
/// staging/<id>/<uuid>                  files being written by that process
/// quarantine/<sha256>.<uuid>           objects found corrupt, kept (see repair(_:sha256:))
/// ```
///
/// Nothing in `objects/` is ever modified in place or deleted by this type, and nothing but
/// ``commit(_:sha256:)`` creates objects; only ``repair(_:sha256:)`` replaces one, with bytes
/// verified against the catalog, after keeping the corrupt bytes in `quarantine/`. An object appears only after its bytes
/// were fsynced, through a link that refuses to replace an existing name, so a crash at any
/// instant leaves at most a file in `staging/`, never a partial object.
///
/// The store does not hash: the caller computes the sha256 while writing and verifies the
/// object by reading it back (see the Offload module).
public struct EvidenceStore: Sendable {
    /// The store's root folder.
    public let root: URL

    let rootPath: String
    let objectsPath: String
    /// `staging/`, holding one folder per process that writes (see ``claimingStaging()``).
    let stagingRoot: String
    /// Where this value's staging files go: its own folder once claimed, else `staging/` itself.
    let stagingPath: String
    /// Keeps the claimed staging folder's lock held for as long as a copy of this value lives.
    let claim: StagingClaim?

    /// Opens the store at `root`, creating `root`, `objects/sha256/` and `staging/` if missing.
    public init(root: URL) throws(EvidenceError) {
        self.root = root
        var rootPath = root.standardizedFileURL.path
        while rootPath.count > 1 && rootPath.hasSuffix("/") { rootPath.removeLast() }
        self.rootPath = rootPath
        self.objectsPath = rootPath + "/objects/sha256"
        self.stagingRoot = rootPath + "/staging"
        self.stagingPath = self.stagingRoot
        self.claim = nil

        try Self.makeDirectoryDurably(rootPath)
        try Self.makeDirectoryDurably(rootPath + "/objects")
        try Self.makeDirectoryDurably(self.objectsPath)
        try Self.makeDirectoryDurably(self.stagingRoot)
    }

    /// The same store, staging in the claimed folder.
    init(_ store: EvidenceStore, claim: StagingClaim) {
        self.root = store.root
        self.rootPath = store.rootPath
        self.objectsPath = store.objectsPath
        self.stagingRoot = store.stagingRoot
        self.stagingPath = claim.folder
        self.claim = claim
    }

    /// Whether `sha256` is a digest the store accepts: 64 lowercase hexadecimal characters.
    public static func isValidSHA256(_ sha256: String) -> Bool {
        SHA256Hex.isValid(sha256)
    }

    /// The path of the object named `sha256`: `objects/sha256/ab/cd/abcd…`.
    ///
    /// - Throws: ``EvidenceError/Code/invalidDigest`` unless `sha256` is 64 lowercase hex.
    public func objectPath(sha256: String) throws(EvidenceError) -> String {
        try SHA256Hex.validate(sha256, operation: "objectPath")
        let (first, second) = Self.shards(sha256)
        return "\(self.objectsPath)/\(first)/\(second)/\(sha256)"
    }

    /// Whether the object named `sha256` exists. `false` for an invalid digest.
    public func contains(sha256: String) -> Bool {
        guard let path = try? self.objectPath(sha256: sha256) else { return false }
        guard let info = try? Syscall.linkStatusIfPresent(path) else { return false }
        return (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Creates a new, empty file in this value's staging folder with a random UUID name
    /// (`O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC`, mode 0600).
    public func makeStagingFile() throws(EvidenceError) -> StagingFile {
        let path = "\(self.stagingPath)/\(UUID().uuidString.lowercased())"
        let fd = try Syscall.openFile(path, flags: O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode: 0o600)
        return StagingFile(path: path, descriptor: fd)
    }

    /// Makes a staging file the object named `sha256`.
    ///
    /// In order: fsync the file; make it read-only (0444); create `ab/` and `ab/cd/` if missing
    /// (fsyncing their parents); link it under its name, which fails rather than replace an
    /// existing object; fsync the object's folder; unlink the staging name.
    ///
    /// If the object exists already the staging file is deleted and the object left untouched:
    /// ``CommitResult/alreadyPresent(path:)``. If the existing object's size differs from the
    /// staging file's, the store is damaged or the caller's digest is wrong: this throws
    /// ``EvidenceError/Code/conflict`` and keeps the staging file for inspection.
    ///
    /// The sha256 is the caller's claim; this does not re-hash. An invalid digest throws
    /// ``EvidenceError/Code/invalidDigest`` and leaves the file in `staging/`.
    public func commit(_ staging: consuming StagingFile, sha256: String) throws(EvidenceError) -> CommitResult {
        let destination = try self.objectPath(sha256: sha256)
        let (first, second) = Self.shards(sha256)
        let firstPath = "\(self.objectsPath)/\(first)"
        let secondPath = "\(firstPath)/\(second)"

        try staging.sync()
        try Syscall.changeMode(staging.fileDescriptor, 0o444, path: staging.path)
        let stagedSize = try staging.size()

        if try Syscall.makeDirectoryIfAbsent(firstPath) {
            try Syscall.syncDirectory(self.objectsPath)
        }
        if try Syscall.makeDirectoryIfAbsent(secondPath) {
            try Syscall.syncDirectory(firstPath)
        }

        do {
            try Syscall.hardLink(staging.path, destination)
        } catch where error.code == .alreadyExists {
            guard let existing = try Syscall.linkStatusIfPresent(destination),
                (existing.st_mode & S_IFMT) == S_IFREG
            else {
                throw EvidenceError(
                    code: .conflict, operation: "commit", path: destination,
                    message: "something that is not a regular file is at the object's path",
                    location: .here())
            }
            guard Int64(existing.st_size) == stagedSize else {
                throw EvidenceError(
                    code: .conflict, operation: "commit", path: destination,
                    message: "existing object has \(existing.st_size) bytes, the staging file "
                        + "'\(staging.path)' has \(stagedSize): staging file kept",
                    location: .here())
            }
            try Syscall.removeFile(staging.path)
            return .alreadyPresent(path: destination)
        }
        try Syscall.syncDirectory(secondPath)
        // The object is durable from here; a crash before the unlink leaves a second name in
        // staging/, which removeStaleStaging() removes without touching the object.
        try Syscall.removeFile(staging.path)
        return .stored(path: destination)
    }

    /// Deletes a staging file that will not be committed.
    public func discard(_ staging: consuming StagingFile) {
        try? Syscall.removeFile(staging.path)
    }

    static func shards(_ sha256: String) -> (Substring, Substring) {
        let utf8 = sha256.utf8
        let a = utf8.index(utf8.startIndex, offsetBy: 2)
        let b = utf8.index(a, offsetBy: 2)
        return (sha256[..<a], sha256[a..<b])
    }

    private static func makeDirectoryDurably(_ path: String) throws(EvidenceError) {
        if try Syscall.makeDirectoryIfAbsent(path) {
            let parent = (path as NSString).deletingLastPathComponent
            try Syscall.syncDirectory(parent.isEmpty ? "." : parent)
        }
    }
}
