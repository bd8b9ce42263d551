import Foundation
import Gateway
import MassStorageDriver
#if canImport(Glibc)
import Glibc
#endif

/// Recorder volumes mounted under watched folders: each mount point under a folder is a device
/// arriving, its unmounting the device leaving.
///
/// The kernel's mount table says what is mounted: `/proc/self/mountinfo` wakes a `poll` for
/// `POLLPRI` whenever a mount is added or removed, so a mount is seen as soon as it is made, without
/// polling on a timer. inotify on each folder also wakes the scan when mount points are made, renamed
/// or removed. Mounts already there when the stream starts arrive first, so a restart resumes them.
/// A mount inside another found one (a folder of a volume mounted over) is part of that volume.
public struct WatchedFolders: ArrivalSource {
    public let folders: [URL]

    public init(folders: [URL]) {
        self.folders = folders
    }

    public var name: String { "watch " + folders.map(\.path).joined(separator: ", ") }

    public func events() throws -> AsyncStream<ArrivalEvent> {
        let watcher = try MountWatcher(folders: folders.map(\.path))
        let (stream, continuation) = AsyncStream<ArrivalEvent>.makeStream()
        // The table is read after the descriptor is open: a mount made in between wakes the first poll.
        let present = watcher.volumes()
        for volume in present.sorted() {
            continuation.yield(.arrived(Arrival(source: .volume(URL(fileURLWithPath: volume, isDirectory: true)))))
        }
        continuation.yield(.settled)
        continuation.onTermination = { _ in watcher.wake() }
        let thread = Thread { watcher.watch(known: present, continuation) }
        thread.name = "recgate watch"
        thread.start()
        return stream
    }
}

/// The descriptors one watch holds: the mount table, inotify on the folders, and a pipe whose write
/// end ends the watch. Closed by the watching thread when it ends.
final class MountWatcher: Sendable {
    let folders: [String]
    private let mountTable: Int32
    private let inotify: Int32
    private let stop: Int32
    private let stopWriter: Int32

    init(folders: [String]) throws(DaemonError) {
        self.folders = folders
        mountTable = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)
        guard mountTable >= 0 else { throw .errno(errno, call: "open", path: "/proc/self/mountinfo") }
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0 else {
            let error = errno
            close(mountTable)
            throw .errno(error, call: "inotify_init1")
        }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let error = errno
            close(mountTable)
            close(inotify)
            throw .errno(error, call: "pipe")
        }
        // Neither end may leak into the processes an offload starts.
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        stop = ends[0]
        stopWriter = ends[1]
        let mask = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        for folder in folders where inotify_add_watch(inotify, folder, mask) < 0 {
            let error = errno
            close(mountTable)
            close(inotify)
            close(stop)
            close(stopWriter)
            throw .errno(error, call: "inotify_add_watch", path: folder)
        }
    }

    deinit {
        // Last: `wake` may write to it until nothing holds the watcher.
        close(stopWriter)
    }

    /// Mount points under the folders (not the folders themselves), outermost only.
    func volumes() -> Set<String> {
        let points = MountTable.current().map(\.mountPoint).filter { point in
            folders.contains { point.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
        }
        let sorted = Set(points).sorted()
        var outermost: [String] = []
        for point in sorted where !outermost.contains(where: { point.hasPrefix($0 + "/") }) {
            outermost.append(point)
        }
        return Set(outermost)
    }

    /// Ends `watch` (from any thread).
    func wake() {
        var one: UInt8 = 1
        _ = write(stopWriter, &one, 1)
    }

    /// Reports changes to the volumes from `known` on, until woken by ``wake()``.
    func watch(known: Set<String>, _ continuation: AsyncStream<ArrivalEvent>.Continuation) {
        defer {
            close(mountTable)
            close(inotify)
            close(stop)
            continuation.finish()
        }
        var known = known
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var fds = [
                pollfd(fd: mountTable, events: Int16(POLLPRI), revents: 0),
                pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stop, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 else {
                if errno == EINTR { continue }
                return
            }
            if fds[2].revents != 0 { return }
            // The events say only that something changed: drain them, then compare the table.
            while read(inotify, &buffer, buffer.count) > 0 {}
            let now = volumes()
            for gone in known.subtracting(now).sorted() {
                continuation.yield(.left(.volume(URL(fileURLWithPath: gone, isDirectory: true))))
            }
            for new in now.subtracting(known).sorted() {
                continuation.yield(.arrived(Arrival(source: .volume(URL(fileURLWithPath: new, isDirectory: true)))))
            }
            known = now
        }
    }
}
