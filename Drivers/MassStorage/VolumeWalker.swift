import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One folder or file found on a volume.
struct VolumeItem: Sendable, Hashable {
    /// Relative to the root, `/`-separated.
    let path: String
    let isFolder: Bool
    let size: Int64
    /// `st_mtime`, whole seconds (FAT has 2-second resolution; nothing is lost).
    let mtime: Int
}

/// Walks a volume's tree, skipping what operating systems leave on removable media. Every failure to
/// list or stat something is an error naming it: a silently skipped folder would be a lost recording.
enum VolumeWalker {
    /// Folder and file names (lower-cased) that are never recordings: Windows' and macOS's housekeeping.
    /// Names starting with `.` (hidden files, `._` AppleDouble files, `.Trashes`) are skipped as well.
    static let systemNames: Set<String> = ["system volume information", "$recycle.bin", "recycler"]

    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || systemNames.contains(name.lowercased())
    }

    static func walk(root: URL) throws -> [VolumeItem] {
        let rootStatus = try status(root.path, follow: true)
        guard rootStatus.isFolder else {
            throw MassStorageError(code: .notAFolder, path: root.path, message: "the volume root is not a folder")
        }
        var items: [VolumeItem] = []
        try walk(root: root, relative: "", into: &items)
        return items
    }

    private static func walk(root: URL, relative: String, into items: inout [VolumeItem]) throws {
        let folder = relative.isEmpty ? root.path : root.path + "/" + relative
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw MassStorageError(code: .unreadable, path: folder, message: "cannot list the folder (\(reason(error)))")
        }
        for name in names.sorted() where !isIgnored(name) {
            let path = relative.isEmpty ? name : relative + "/" + name
            let full = folder + "/" + name
            var st = try status(full, follow: false)
            if st.isLink {
                // Recorders write no links; on a plain folder a link to a file is followed, a link to a
                // folder is refused (loops, foreign trees), a dangling link is an error.
                st = try status(full, follow: true)
                if st.isFolder {
                    throw MassStorageError(
                        code: .symbolicLinkFolder, path: full, message: "a symbolic link to a folder is not followed")
                }
            }
            items.append(VolumeItem(path: path, isFolder: st.isFolder, size: st.size, mtime: st.mtime))
            if st.isFolder { try walk(root: root, relative: path, into: &items) }
        }
    }

    struct Status {
        var isFolder: Bool
        var isLink: Bool
        var size: Int64
        var mtime: Int
    }

    static func status(_ path: String, follow: Bool) throws -> Status {
        var st = stat()
        let rc = follow ? stat(path, &st) : lstat(path, &st)
        guard rc == 0 else {
            let message = String(cString: strerror(errno))
            throw MassStorageError(code: .unreadable, path: path, message: "cannot stat (\(message))")
        }
        let type = st.st_mode & S_IFMT
        #if canImport(Darwin)
        let mtime = Int(st.st_mtimespec.tv_sec)
        #else
        let mtime = Int(st.st_mtim.tv_sec)
        #endif
        return Status(isFolder: type == S_IFDIR, isLink: type == S_IFLNK, size: Int64(st.st_size), mtime: mtime)
    }

    private static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
