import Foundation
import HubDriver
import MassStorageDriver

#if canImport(Glibc)
import Glibc
#endif

/// Where a mounted volume comes from: its block device (the mount's source in the mount table), and the USB
/// device that block device hangs from in sysfs, whose name is its port path (`1-1.5.2`), and so its bay.
///
/// The walk: `/proc/self/mountinfo` gives the mount's source (`/dev/sdb1`), its kernel name is `sdb1`,
/// `/sys/class/block/sdb1` links to the device's folder under `/sys/devices`, and the nearest folder above
/// it with `busnum` and `devnum` is the USB device (a partition's disk, SCSI target and host, and the USB
/// interface have neither). A volume with no such device (a plain folder, an image mounted by hand, a card
/// reader on PCI) has no port path: it is still offloaded, its bay unknown, and ``unknownBecause`` says why.
public struct VolumeOrigin: Sendable, Hashable {
    /// The volume's mount point, symlinks resolved.
    public var mountPoint: String
    /// What the mount table gives as the mount's source (`/dev/sdb1`); nil when the path is not a mount point.
    public var source: String?
    /// The block device's kernel name (`sdb1`); nil when the source is not a device node.
    public var kernelName: String?
    /// The USB device's port path, when the block device is on USB.
    public var usbPortPath: String?
    /// The bay wired to that port, when bays are configured and one is.
    public var bay: Int?
    /// Why there is no port path, for the log; nil when there is one.
    public var unknownBecause: String?

    /// Finds the USB device of the volume mounted at `mountPoint`. `mounts` and `sys` are the system's
    /// unless given (under umockdev `/sys` is the testbed's).
    public static func locate(mountPoint: String, mounts: [MountEntry] = MountTable.current(), sys: String = "/sys")
        -> VolumeOrigin
    {
        // Only the folder the mount point is in is resolved, never the mount point itself: a look into the
        // volume (a stat of its root) waits for the device, and a stuck recorder or a stopped FUSE driver
        // would hold the watcher there, and every arrival after it.
        let given = URL(fileURLWithPath: mountPoint, isDirectory: true)
        let point = given.deletingLastPathComponent().resolvingSymlinksInPath()
            .appendingPathComponent(given.lastPathComponent, isDirectory: true).path
        var origin = VolumeOrigin(mountPoint: point)
        // The mount whose point is exactly this folder (the last one stacked there is the one seen): a folder
        // inside another mount is not a volume of its own, whatever disk that mount is on.
        guard let entry = mounts.last(where: { $0.mountPoint == point }) else {
            origin.unknownBecause = "\(point) is not a mount point"
            return origin
        }
        origin.source = entry.source
        guard entry.source.hasPrefix("/dev/") else {
            origin.unknownBecause = "its source \(entry.source) is not a device"
            return origin
        }
        // `/dev/sdb1` is `sdb1`; a link (`/dev/disk/by-uuid/…`) is followed to the node it names.
        let names = [URL(fileURLWithPath: entry.source).lastPathComponent,
                     URL(fileURLWithPath: entry.source).resolvingSymlinksInPath().lastPathComponent]
        guard let (name, device) = names.lazy.compactMap({ name in deviceFolder(kernelName: name, sys: sys).map { (name, $0) } }).first
        else {
            origin.unknownBecause = "\(entry.source) is not a block device in \(sys)/class/block"
            return origin
        }
        origin.kernelName = name
        guard let usb = usbDevice(above: device) else {
            origin.unknownBecause = "\(name) is not on a USB device"
            return origin
        }
        origin.usbPortPath = usb
        return origin
    }

    /// The device's folder under `<sys>/devices`, from its `class/block` link, lexically resolved (sysfs
    /// links are relative and every folder on their way is real).
    static func deviceFolder(kernelName name: String, sys: String) -> String? {
        guard !name.isEmpty, name != "/", name != ".", name != ".." else { return nil }
        let link = "\(sys)/class/block/\(name)"
        guard let target = readLink(link) else { return nil }
        let joined = target.hasPrefix("/") ? target : "\(sys)/class/block/" + target
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The nearest folder at or above `folder` that is a USB device (has `busnum` and `devnum`): its name is
    /// the port path. Stops at `devices`.
    static func usbDevice(above folder: String) -> String? {
        var path = folder
        while let slash = path.lastIndex(of: "/"), path != "/" {
            let name = path[path.index(after: slash)...]
            if name == "devices" { return nil }
            if access(path + "/busnum", F_OK) == 0 && access(path + "/devnum", F_OK) == 0 {
                return String(name)
            }
            path = String(path[..<slash])
        }
        return nil
    }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension VolumeOrigin {
    /// The origin of the volume mounted at `mountPoint`, with its bay from `bays` (either half of a USB 3
    /// bay, through `companions`).
    public static func locate(_ mountPoint: URL, bays: BayConfiguration?, companions: [String: String] = [:]) -> VolumeOrigin {
        var origin = locate(mountPoint: mountPoint.path)
        origin.bay = origin.usbPortPath.flatMap { bays?.bay(at: $0, companions: companions)?.number }
        return origin
    }

    /// The arrival of the volume mounted at `mountPoint`, for the watched folders: its USB port path and bay
    /// when sysfs tells them, neither otherwise (the volume is offloaded all the same).
    public static func arrival(_ mountPoint: URL, bays: BayConfiguration?, companions: [String: String] = [:]) -> Arrival {
        let origin = locate(mountPoint, bays: bays, companions: companions)
        return Arrival(source: .volume(mountPoint), usbPortPath: origin.usbPortPath, bay: origin.bay)
    }
}
