import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Waits for something to happen in a folder (inotify), so a test acts at the moment a process under test
/// does something (its staging file gets its first bytes) rather than after a delay or a polling loop.
///
/// `@unchecked Sendable`: the descriptors are set in `init` and never change; `wait` runs on one thread
/// and `stop` on another, and the wake-up pipe is all they share (a write and a poll, both thread-safe).
/// The descriptors are closed in `deinit`, when neither can run any more.
public final class FolderWatch: @unchecked Sendable {
    private let inotify: Int32
    private let wake: (read: Int32, write: Int32)

    /// Watches `folder` (which must exist) for `events` (e.g. `IN_MODIFY`: a file in it was written).
    public init(_ folder: URL, events: Int32) throws {
        inotify = inotify_init1(Int32(IN_CLOEXEC))
        guard inotify >= 0 else { throw TestSupportError("inotify_init1 failed (errno \(errno))") }
        guard inotify_add_watch(inotify, folder.path, UInt32(bitPattern: events)) >= 0 else {
            let error = errno
            close(inotify)
            throw TestSupportError("inotify_add_watch \(folder.path) failed (errno \(error))")
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            let error = errno
            close(inotify)
            throw TestSupportError("pipe failed (errno \(error))")
        }
        // Neither end may leak into the processes a test starts (pipe2 is not imported).
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        wake = (fds[0], fds[1])
    }

    deinit {
        close(inotify)
        close(wake.read)
        close(wake.write)
    }

    /// Blocks until one of the events happens (true) or ``stop()`` is called (false).
    public func wait() -> Bool {
        while true {
            var fds = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                return false
            }
            if fds[0].revents != 0 { return true }
            if fds[1].revents != 0 { return false }
        }
    }

    /// Ends a ``wait()`` that is still blocked (the process under test finished without the event).
    public func stop() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }
}
