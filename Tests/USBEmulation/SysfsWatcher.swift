#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Watches folders of the testbed's sysfs with inotify and runs an action when a file in one of them was
/// written and closed: umockdev's sysfs is a plain folder, so this is how an emulated device learns that the
/// host wrote one of its attributes (a hub port's `disable`).
///
/// `@unchecked Sendable`: the descriptors are set in `init` and closed only after the thread was joined; the
/// action table is behind a mutex; `thread` is written once, before anything else can see the object.
final class SysfsWatcher: @unchecked Sendable {
    private let inotify: Int32
    private let wake: (read: Int32, write: Int32)
    private let actions = Mutex<[Int32: @Sendable () -> Void]>([:])
    private var thread = pthread_t()

    init?() {
        inotify = inotify_init1(Int32(IN_CLOEXEC))
        guard inotify >= 0 else { return nil }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            close(inotify)
            return nil
        }
        wake = (fds[0], fds[1])
        let box = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { raw in
            let me = Unmanaged<SysfsWatcher>.fromOpaque(raw!).takeRetainedValue()
            me.run()
            return nil
        }, box)
    }

    /// Runs `action` (on the watcher's thread) whenever a file in `folder` is closed after writing. A folder
    /// removed and made again must be watched again. False when inotify refuses the folder: the caller must
    /// fail then, or the emulated device would never learn of the host's writes and a test would wait in vain.
    func watch(_ folder: String, _ action: @escaping @Sendable () -> Void) -> Bool {
        let wd = inotify_add_watch(inotify, folder, UInt32(IN_CLOSE_WRITE))
        guard wd >= 0 else { return false }
        actions.withLock { $0[wd] = action }
        return true
    }

    /// Stops the thread and waits for it; call once, never from an action.
    func stop() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        pthread_join(thread, nil)
        close(inotify)
        close(wake.read)
        close(wake.write)
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var fds = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { return }
            if fds[1].revents != 0 { return }
            guard fds[0].revents != 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            guard n > 0 else { continue }
            // struct inotify_event: wd, mask, cookie, len, then `len` bytes of name.
            var offset = 0
            var woken: [Int32] = []
            while offset + 16 <= n {
                let (wd, mask, length) = buffer.withUnsafeBytes {
                    ($0.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int($0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                if mask & UInt32(IN_CLOSE_WRITE) != 0, !woken.contains(wd) { woken.append(wd) }
                offset += 16 + length
            }
            for wd in woken { actions.withLock { $0[wd] }?() }
        }
    }
}
