#if canImport(Glibc)
import Glibc
#endif

/// A regular file as the walk found it: the folder it is in (held open), its name's bytes, and what the
/// walk's `fstatat` saw, so that a later open can tell it is still the same file.
public struct VolumeFile: Sendable {
    public let folder: FolderHandle
    /// The name as the volume holds it (any bytes but `/` and NUL).
    public let name: [UInt8]
    /// Relative to the root, escaped (`EscapedName`).
    public let path: String
    public let device: UInt64
    public let inode: UInt64
    public let size: Int64
    public let modifiedSeconds: Int
    public let modifiedNanoseconds: Int

    /// Why a listed file could not be opened as the file the walk saw.
    public enum OpenProblem: Error, Sendable {
        /// A system call failed with `errno`.
        case system(call: String, errno: Int32)
        /// It is not a regular file now (`what` says what it is).
        case notRegular(what: String)
        /// Another file has its name now (another device or inode).
        case replaced
    }

    /// Opens the file for reading through its folder, never following a symbolic link and never blocking
    /// (a FIFO swapped in opens at once and is refused), and checks it is a regular file and the very one
    /// the walk saw. Returns the descriptor (the caller closes it) and its `fstat`.
    ///
    /// The walk never lists a device node, so one is opened only if it replaced a listed file after the walk;
    /// the `open` itself then reaches its driver (no read follows). FAT cannot hold device nodes; checking the
    /// type first with `fstatat` would only move the same window before the open.
    public func open() throws(OpenProblem) -> (fd: Int32, status: stat) {
        let fd = withCName { openat(folder.fd, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { throw .system(call: "openat", errno: errno) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let e = errno
            _ = close(fd)
            throw .system(call: "fstat", errno: e)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            _ = close(fd)
            throw .notRegular(what: Self.describe(mode: status.st_mode))
        }
        guard UInt64(status.st_dev) == device, UInt64(status.st_ino) == inode else {
            _ = close(fd)
            throw .replaced
        }
        return (fd, status)
    }

    /// `fstatat` of the name in its folder, without following a link; nil when nothing has the name.
    public func statusNow() throws(OpenProblem) -> stat? {
        var status = stat()
        let rc = withCName { fstatat(folder.fd, $0, &status, AT_SYMLINK_NOFOLLOW) }
        if rc == 0 { return status }
        if errno == ENOENT { return nil }
        throw .system(call: "fstatat", errno: errno)
    }

    /// Calls `body` with the name as a C string.
    public func withCName<T>(_ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        try name.withCString(body)
    }

    /// What a file type is, in words, for reports.
    public static func describe(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "a regular file"
        case S_IFDIR: "a folder"
        case S_IFLNK: "a symbolic link"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: "a file of unknown type"
        }
    }
}
