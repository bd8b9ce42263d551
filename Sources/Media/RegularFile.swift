#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Media inputs must be regular files. Opening a FIFO blocks until something writes to it, a character
/// device can be endless, and a folder is no media at all; a derived-media command given one must say so
/// at once instead of hanging.
enum RegularFile {
    /// Opens `path` for reading and returns the descriptor when it is a regular file; anything else is
    /// refused naming what it is. The caller owns the descriptor.
    static func open(_ path: String) throws(MediaError) -> Int32 {
        let fd = openWithoutBlocking(path)
        guard fd >= 0 else { throw MediaError(.system(errno), call: "open", path: path) }
        do throws(MediaError) {
            try check(fd, path: path)
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// Refuses `path` when it opens as anything but a regular file. A path that cannot be opened at all is
    /// left to the caller's own open, which reports it as it always has (FFmpeg names a missing file).
    static func refuseSpecial(_ path: String) throws(MediaError) {
        let fd = openWithoutBlocking(path)
        guard fd >= 0 else { return }
        defer { close(fd) }
        try check(fd, path: path)
    }

    /// O_NONBLOCK: a FIFO opens at once instead of waiting for a writer; it changes nothing for the reads
    /// of a regular file. O_NOCTTY: a terminal never becomes this process's controlling terminal.
    private static func openWithoutBlocking(_ path: String) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        #else
        Darwin.open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        #endif
    }

    private static func check(_ fd: Int32, path: String) throws(MediaError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw MediaError(.system(errno), call: "fstat", path: path) }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            throw MediaError(.system(EINVAL), call: "open", path: path,
                             message: "not a regular file (\(describe(type))): only files are read")
        }
    }

    static func describe(_ type: mode_t) -> String {
        switch type {
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFDIR: "a folder"
        default: "not a file"
        }
    }
}
