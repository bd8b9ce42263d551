import DeviceKit
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One folder or regular file found on a volume.
struct VolumeItem: Sendable {
    /// Relative to the root, `/`-separated, names escaped (`EscapedName`).
    let path: String
    let isFolder: Bool
    let size: Int64
    /// `st_mtime`, whole seconds (FAT has 2-second resolution; nothing is lost).
    let mtime: Int
    /// For a regular file: its folder handle, name bytes and identity, to open it again safely.
    let file: VolumeFile?
}

/// Walks a volume's tree through folder handles: each folder below the root is opened with `openat`
/// relative to its parent (`O_DIRECTORY | O_NOFOLLOW`), each entry looked at with `fstatat` without
/// following links. No symbolic link is followed at any level below the root.
///
/// One bad entry never stops the walk: a name that is not UTF-8 is kept as bytes (shown escaped), and a
/// symbolic link, a FIFO, socket or device node, something that cannot be stat'ed or listed, a folder seen
/// twice (bind mount, loop) or on another file system each become a `SkippedFile` with its reason, while
/// everything else is listed. Only an unreadable root is an error.
enum VolumeWalker {
    struct Tree: Sendable {
        let root: FolderHandle
        let items: [VolumeItem]
        let skipped: [SkippedFile]
    }

    /// Folder and file names (lower-cased) that are never recordings: Windows' and macOS's housekeeping.
    /// Names starting with `.` (hidden files, `._` AppleDouble files, `.Trashes`) are housekeeping as well.
    static let systemNames: Set<String> = ["system volume information", "$recycle.bin", "recycler"]

    /// Folders nested deeper are reported, not walked: FAT's 260-character paths allow about 130 levels,
    /// and each level holds a descriptor and a stack frame while its folder is walked.
    static let depthLimit = 128

    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || systemNames.contains(name.lowercased())
    }

    static func walk(root: URL) throws -> Tree {
        raiseOpenFileLimit()
        let fd = open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            if e == ENOTDIR {
                throw MassStorageError(code: .notAFolder, path: root.path, message: "the volume root is not a folder")
            }
            throw MassStorageError(code: .unreadable, path: root.path, message: "cannot open the folder (\(text(e)))")
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let e = errno
            _ = close(fd)
            throw MassStorageError(code: .unreadable, path: root.path, message: "cannot stat (\(text(e)))")
        }
        let handle = FolderHandle(fd: fd, path: "", parent: nil, name: [],
                                  device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        var walk = Walk(rootDevice: UInt64(status.st_dev))
        walk.seen[FileKey(status)] = "the volume root"
        guard let names = listing(handle) else {
            throw MassStorageError(code: .unreadable, path: root.path, message: "cannot list the folder (\(text(errno)))")
        }
        walk.visit(handle, names: names, system: false)
        return Tree(root: handle, items: walk.items, skipped: walk.skipped)
    }

    /// Device and inode: what makes a folder the same folder.
    struct FileKey: Hashable {
        let device: UInt64
        let inode: UInt64
        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    private struct Walk {
        let rootDevice: UInt64
        var seen: [FileKey: String] = [:]
        var items: [VolumeItem] = []
        var skipped: [SkippedFile] = []

        init(rootDevice: UInt64) { self.rootDevice = rootDevice }

        /// `system`: inside a housekeeping folder, where everything is reported as `system`.
        mutating func visit(_ folder: FolderHandle, names: [[UInt8]], system: Bool, depth: Int = 1) {
            let named = names.map { (EscapedName.text($0), $0) }.sorted { $0.0 < $1.0 }
            for (name, raw) in named {
                let path = folder.path.isEmpty ? name : folder.path + "/" + name
                let housekeeping = system || VolumeWalker.isIgnored(name)
                func skip(_ reason: SkipReason, _ detail: String) {
                    skipped.append(housekeeping && reason != .folderLoop && reason != .otherFileSystem
                        ? SkippedFile(path: path, reason: .system,
                                      detail: "housekeeping of Windows or macOS" + (reason == .system ? "" : " (\(detail))"))
                        : SkippedFile(path: path, reason: reason, detail: detail))
                }
                var status = stat()
                let rc = raw.withCString { fstatat(folder.fd, $0, &status, AT_SYMLINK_NOFOLLOW) }
                guard rc == 0 else {
                    skip(.unreadable, "cannot stat (\(text(errno)))")
                    continue
                }
                switch status.st_mode & S_IFMT {
                case S_IFREG:
                    if housekeeping {
                        skip(.system, "")
                        continue
                    }
                    let file = VolumeFile(
                        folder: folder, name: raw, path: path, device: UInt64(status.st_dev),
                        inode: UInt64(status.st_ino), size: Int64(status.st_size),
                        modifiedSeconds: Int(status.st_mtim.tv_sec), modifiedNanoseconds: Int(status.st_mtim.tv_nsec))
                    items.append(VolumeItem(path: path, isFolder: false, size: file.size, mtime: file.modifiedSeconds,
                                            file: file))
                case S_IFDIR:
                    let key = FileKey(status)
                    if key.device != rootDevice {
                        skip(.otherFileSystem, "another file system is mounted here; it is not part of the volume")
                        continue
                    }
                    if depth >= VolumeWalker.depthLimit {
                        skip(.tooDeep, "nested more than \(VolumeWalker.depthLimit) folders deep; not walked")
                        continue
                    }
                    if let first = seen[key] {
                        skip(.folderLoop, "the same folder as \(first) (a bind mount or a loop); walked once")
                        continue
                    }
                    let fd = raw.withCString { openat(folder.fd, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
                    guard fd >= 0 else {
                        skip(.unreadable, "cannot list the folder (\(text(errno)))")
                        continue
                    }
                    let child = FolderHandle(fd: fd, path: path, parent: folder, name: raw,
                                             device: key.device, inode: key.inode)
                    var opened = stat()
                    guard fstat(fd, &opened) == 0, FileKey(opened) == key else {
                        skip(.unreadable, "the folder changed while the volume was walked")
                        continue
                    }
                    seen[key] = path
                    guard let names = VolumeWalker.listing(child) else {
                        skip(.unreadable, "cannot list the folder (\(text(errno)))")
                        continue
                    }
                    items.append(VolumeItem(path: path, isFolder: true, size: 0, mtime: Int(status.st_mtim.tv_sec),
                                            file: nil))
                    visit(child, names: names, system: housekeeping, depth: depth + 1)
                case S_IFLNK:
                    skip(.symlink, VolumeWalker.describeLink(raw, in: folder))
                default:
                    skip(.notARegularFile, VolumeFile.describe(mode: status.st_mode) + "; never opened")
                }
            }
        }
    }

    /// The names in a folder (raw bytes, without `.` and `..`), read through a descriptor of its own so
    /// the handle's offset is never touched; nil (errno set) when it cannot be listed.
    static func listing(_ folder: FolderHandle) -> [[UInt8]]? {
        let fd = openat(folder.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard let dir = fdopendir(fd) else {
            let e = errno
            _ = close(fd)
            errno = e
            return nil
        }
        defer { _ = closedir(dir) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                return errno == 0 ? names : nil
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
        }
    }

    /// A symbolic link in words: where it points. The link is not followed even to look at what is there
    /// (a `stat` through it could trigger an automount or wait on a dead network mount outside the volume).
    static func describeLink(_ raw: [UInt8], in folder: FolderHandle) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = raw.withCString { name in
            buffer.withUnsafeMutableBytes { readlinkat(folder.fd, name, $0.baseAddress!.assumingMemoryBound(to: CChar.self), 4096) }
        }
        let target = count >= 0 ? EscapedName.text(buffer.prefix(count)) : "?"
        return "a symbolic link to \(target); links are never followed"
    }

    /// Every folder holding files stays open for the session, so a card with many folders needs more than
    /// the usual 1024 descriptors; the soft limit is raised to the hard one (a folder that still cannot be
    /// opened is reported, not lost).
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    static func text(_ errnoValue: Int32) -> String { String(cString: strerror(errnoValue)) }
}

extension Array where Element == UInt8 {
    /// Calls `body` with the bytes as a NUL-terminated C string.
    func withCString<T>(_ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        var bytes = self + [0]
        return try bytes.withUnsafeMutableBufferPointer { c in
            try c.baseAddress!.withMemoryRebound(to: CChar.self, capacity: c.count) { try body($0) }
        }
    }
}
