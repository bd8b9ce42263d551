import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file found under a store's `objects/sha256/`.
public struct StoredObject: Sendable, Hashable {
    /// The file's path.
    public var path: String
    /// The sha256 its name claims, when it is a regular file named by 64 lowercase hex digits in
    /// the folders its name gives (`ab/cd/abcd…`); `nil` for anything else found there.
    public var sha256: String?
    /// When the file's inode last changed (it was linked into place, or anything since): the
    /// store never changes an object, so this is when it was published unless someone touched it.
    public var changed: Date

    public init(path: String, sha256: String?, changed: Date) {
        self.path = path
        self.sha256 = sha256
        self.changed = changed
    }
}

extension EvidenceStore {
    /// The path of the object named `sha256` in the store at `root` (as ``objectPath(sha256:)``),
    /// without opening the store.
    public static func objectPath(root: URL, sha256: String) throws(EvidenceError) -> String {
        try SHA256Hex.validate(sha256, operation: "objectPath")
        let (first, second) = Self.shards(sha256)
        return root.standardizedFileURL.path + "/objects/sha256/\(first)/\(second)/\(sha256)"
    }

    /// Every file under `objects/sha256/` of the store at `root`, by path, read without creating or
    /// changing anything (unlike ``init(root:)``): for verification, which must work on a full disk.
    /// A store without `objects/sha256/` has none. `limit`: stop after this many (to ask "any?").
    public static func inventory(root: URL, limit: Int = .max) throws(EvidenceError) -> [StoredObject] {
        let objects = root.standardizedFileURL.path + "/objects/sha256"
        guard let top = try Syscall.linkStatusIfPresent(objects), (top.st_mode & S_IFMT) == S_IFDIR else { return [] }
        var found: [StoredObject] = []
        func add(_ path: String, _ info: stat, claims: String?) {
            let time = Date(timeIntervalSince1970: Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9)
            found.append(StoredObject(path: path, sha256: claims, changed: time))
        }
        for first in try Syscall.directoryEntries(objects).sorted() where found.count < limit {
            let firstPath = "\(objects)/\(first)"
            guard let info = try Syscall.linkStatusIfPresent(firstPath) else { continue }
            guard (info.st_mode & S_IFMT) == S_IFDIR else { add(firstPath, info, claims: nil); continue }
            for second in try Syscall.directoryEntries(firstPath).sorted() where found.count < limit {
                let secondPath = "\(firstPath)/\(second)"
                guard let info = try Syscall.linkStatusIfPresent(secondPath) else { continue }
                guard (info.st_mode & S_IFMT) == S_IFDIR else { add(secondPath, info, claims: nil); continue }
                for name in try Syscall.directoryEntries(secondPath).sorted() where found.count < limit {
                    let path = "\(secondPath)/\(name)"
                    guard let info = try Syscall.linkStatusIfPresent(path) else { continue }
                    let placed = SHA256Hex.isValid(name) && name.hasPrefix(first + second)
                        && (info.st_mode & S_IFMT) == S_IFREG
                    add(path, info, claims: placed ? name : nil)
                }
            }
        }
        return found
    }
}
