#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the system calls the store uses: each retries on `EINTR` and turns a
/// failure into an ``EvidenceError`` naming the call and the path.
enum Syscall {
    static func openFile(_ path: String, flags: Int32, mode: mode_t = 0) throws(EvidenceError) -> Int32 {
        while true {
            let fd = open(path, flags, mode)
            if fd >= 0 { return fd }
            let e = errno
            if e == EINTR { continue }
            throw .system("open", errno: e, path: path)
        }
    }

    /// Writes all of `bytes`, looping over short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(EvidenceError) {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = write(fd, base, remaining)
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                throw .system("write", errno: e, path: path)
            }
            if n == 0 {
                // write(2) returning 0 for a non-zero count: treat as out of space, as the
                // kernel does for a full file system that cannot say so.
                throw .system("write", errno: ENOSPC, path: path)
            }
            base += n
            remaining -= n
        }
    }

    static func syncFile(_ fd: Int32, path: String) throws(EvidenceError) {
        while fsync(fd) != 0 {
            let e = errno
            if e == EINTR { continue }
            throw .system("fsync", errno: e, path: path)
        }
    }

    static func changeMode(_ fd: Int32, _ mode: mode_t, path: String) throws(EvidenceError) {
        while fchmod(fd, mode) != 0 {
            let e = errno
            if e == EINTR { continue }
            throw .system("fchmod", errno: e, path: path)
        }
    }

    static func status(_ fd: Int32, path: String) throws(EvidenceError) -> stat {
        var info = stat()
        while fstat(fd, &info) != 0 {
            let e = errno
            if e == EINTR { continue }
            throw .system("fstat", errno: e, path: path)
        }
        return info
    }

    /// `lstat`, or `nil` when nothing is at `path`.
    static func linkStatusIfPresent(_ path: String) throws(EvidenceError) -> stat? {
        var info = stat()
        while lstat(path, &info) != 0 {
            let e = errno
            if e == EINTR { continue }
            if e == ENOENT { return nil }
            throw .system("lstat", errno: e, path: path)
        }
        return info
    }

    /// `link(2)`: publishes `source` under `destination`, failing with `.alreadyExists` rather
    /// than replacing anything.
    static func hardLink(_ source: String, _ destination: String) throws(EvidenceError) {
        while link(source, destination) != 0 {
            let e = errno
            if e == EINTR { continue }
            throw .system("link", errno: e, path: destination)
        }
    }

    static func renameFile(_ source: String, _ destination: String) throws(EvidenceError) {
        while rename(source, destination) != 0 {
            let e = errno
            if e == EINTR { continue }
            throw .system("rename", errno: e, path: destination)
        }
    }

    static func removeFile(_ path: String) throws(EvidenceError) {
        while unlink(path) != 0 {
            let e = errno
            if e == EINTR { continue }
            throw .system("unlink", errno: e, path: path)
        }
    }

    /// Creates a folder; returns `false` when it was there already.
    @discardableResult
    static func makeDirectoryIfAbsent(_ path: String, mode: mode_t = 0o755) throws(EvidenceError) -> Bool {
        while mkdir(path, mode) != 0 {
            let e = errno
            if e == EINTR { continue }
            if e == EEXIST {
                guard let info = try linkStatusIfPresent(path), (info.st_mode & S_IFMT) == S_IFDIR else {
                    throw .system("mkdir", errno: ENOTDIR, path: path)
                }
                return false
            }
            throw .system("mkdir", errno: e, path: path)
        }
        return true
    }

    /// Makes a folder's entries durable: open it read-only and fsync it.
    static func syncDirectory(_ path: String) throws(EvidenceError) {
        let fd = try openFile(path, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { _ = close(fd) }
        try syncFile(fd, path: path)
    }

    /// The names in a folder, without `.` and `..`.
    static func directoryEntries(_ path: String) throws(EvidenceError) -> [String] {
        guard let dir = opendir(path) else {
            throw .system("opendir", errno: errno, path: path)
        }
        defer { _ = closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                let e = errno
                if e != 0 { throw .system("readdir", errno: e, path: path) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    /// Takes the exclusive `flock` on `fd` without waiting: `false` when another open file holds it.
    static func tryLock(_ fd: Int32, path: String) throws(EvidenceError) -> Bool {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            if e == EINTR { continue }
            if e == EWOULDBLOCK { return false }
            throw .system("flock", errno: e, path: path)
        }
        return true
    }

    /// Takes the exclusive `flock` on `fd`, waiting for its holder to let go.
    static func lock(_ fd: Int32, path: String) throws(EvidenceError) {
        while flock(fd, LOCK_EX) != 0 {
            let e = errno
            if e == EINTR { continue }
            throw .system("flock", errno: e, path: path)
        }
    }

    /// Removes an empty folder; `false` when it was already gone.
    @discardableResult
    static func removeDirectoryIfPresent(_ path: String) throws(EvidenceError) -> Bool {
        while rmdir(path) != 0 {
            let e = errno
            if e == EINTR { continue }
            if e == ENOENT { return false }
            throw .system("rmdir", errno: e, path: path)
        }
        return true
    }

    static func closeFile(_ fd: Int32) {
        // close(2) must not be retried on EINTR on Linux: the descriptor is gone either way.
        _ = close(fd)
    }
}
