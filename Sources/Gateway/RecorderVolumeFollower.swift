import Foundation
import MassStorageDriver

#if canImport(Glibc)
import Glibc
#endif

/// Follows a recorder switched to storage mode to its volume: it comes back at the same USB port path as a
/// disk, and its volume is the mount whose block device hangs from that port in sysfs (``VolumeOrigin``).
/// The mount table wakes a `poll` with `POLLPRI` when a mount is added, so the volume is seen as soon as it
/// is mounted; between changes the table is looked at again now and then, for a block device that sysfs
/// showed only after its mount.
public enum RecorderVolumeFollower {
    /// Why no volume was found.
    public struct NotFound: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The mount point of the volume from the USB device at `portPath`, waiting up to `timeout` for it.
    public static func volume(at portPath: String, timeout: Duration = .seconds(120), sys: String = "/sys") throws(NotFound) -> URL {
        let fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw NotFound(description: "cannot open /proc/self/mountinfo to follow the recorder") }
        defer { close(fd) }
        let deadline = ContinuousClock.now + timeout
        while true {
            if let found = mounted(at: portPath, sys: sys) { return found }
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                throw NotFound(description: "no volume from the USB device at \(portPath) was mounted within \(timeout) "
                               + "of the switch to storage mode (is recgate-volume@.service installed?)")
            }
            // A second at most between looks; a mount change wakes it at once.
            let (seconds, attoseconds) = min(left, .seconds(1)).components
            var fds = [pollfd(fd: fd, events: Int16(POLLPRI), revents: 0)]
            _ = poll(&fds, 1, Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000) + 1)
        }
    }

    /// The mount point of a mount whose device is at `portPath` now, if there is one.
    public static func mounted(at portPath: String, sys: String = "/sys") -> URL? {
        let mounts = MountTable.current()
        for entry in mounts.reversed() where entry.source.hasPrefix("/dev/") {
            let origin = VolumeOrigin.locate(mountPoint: entry.mountPoint, mounts: mounts, sys: sys)
            if origin.usbPortPath == portPath { return URL(fileURLWithPath: entry.mountPoint, isDirectory: true) }
        }
        return nil
    }
}
