public struct EmulationError: Error, CustomStringConvertible {
    public var description: String
}

/// A umockdev testbed holding emulated USB devices, each served by a ``USBResponder``.
///
/// libusb sees the devices only in a process running with umockdev's preload library
/// (`umockdev-wrapper swift test`). A testbed is process-wide (it sets `UMOCKDEV_DIR`), so only one may
/// exist at a time; create the libusb context after it and let the context go before it.
///
/// Devices behind a hub's port are in the testbed only while every port on their way has power: when an
/// ``EmulatedHub`` switches a port off (a class request, or a write to the port's sysfs `disable` file), the
/// records behind it are removed with a `remove` uevent, and added again (an `add` uevent) when it is switched
/// on, as the kernel would after the device disconnects and re-enumerates.
public final class EmulatedUSB: Sendable {
    /// One record of a fixture: its sysfs path, device node and text.
    public struct Record: Sendable {
        /// `/devices/…/usb1/1-1/1-1.4`
        public var sysfsPath: String
        /// `/dev/bus/usb/001/004`; nil for a record without a node (a hub's interface).
        public var devnode: String?
        /// The record as umockdev reads it (`P:`, `N:`, `E:`, `A:`, `H:` lines).
        public var text: String
        /// `1-1.4`: the last component of the sysfs path.
        public var name: String { String(sysfsPath.split(separator: "/").last ?? "") }
        var parentPath: String { String(sysfsPath[..<(sysfsPath.lastIndex(of: "/") ?? sysfsPath.startIndex)]) }
        var depth: Int { sysfsPath.split(separator: "/").count }
        /// An interface (`1-1:1.0`) is part of its device, not behind a port.
        var isInterface: Bool { name.contains(":") }
    }

    let core: EmulatedTestbed

    public init() throws { core = try EmulatedTestbed() }

    deinit { core.shutdown() }

    /// The testbed's root (its `sys` and `dev` folders live below).
    public var rootDirectory: String { core.rootDirectory }

    /// Where a sysfs path (`/sys/bus/usb/devices/1-1:1.0/1-1-port2/disable`) is in the testbed's folder.
    public func testbedPath(_ sysPath: String) -> String { core.testbedPath(sysPath) }

    /// Parses the records of a umockdev device file: blocks that start with `P:`, with their `E: DEVNAME=`.
    public static func records(in text: String) -> [Record] { EmulatedTestbed.records(in: text) }

    /// Adds the devices of a umockdev record file. `responders` maps a device's sysfs name (`1-1.4`) to
    /// its model; devices without one get a ``StallingDevice``. Ioctl handlers are attached before the
    /// devices appear, so libusb can open a device as soon as it sees it. With `portDisable` false, hub ports
    /// have no `disable` attribute, as with kernels before 6.0.
    @discardableResult
    public func add(file path: String, responders: [String: any USBResponder] = [:],
                    portDisable: Bool = true) throws -> [Record] {
        try core.add(file: path, responders: responders, portDisable: portDisable)
    }

    /// Adds devices from umockdev record text (see ``add(file:responders:portDisable:)``). A device behind an
    /// unpowered port waits, out of the testbed, until the port is switched on.
    @discardableResult
    public func add(records text: String, responders: [String: any USBResponder] = [:],
                    portDisable: Bool = true) throws -> [Record] {
        try core.add(records: text, responders: responders, portDisable: portDisable)
    }

    /// Pulls a device out (with everything behind it, if it is a hub): its pending and future transfers fail,
    /// a `remove` uevent tells libusb, its records leave the testbed, and its hub port reads empty.
    public func unplug(_ name: String) throws { try core.unplug(name) }

    /// Whether a device (by sysfs name) is in the testbed now: added, not unplugged, its ports powered.
    public func isPresent(_ name: String) -> Bool { core.isPresent(name) }

    /// How many URBs the device's model has left unanswered (the host waits for them).
    public func pendingTransfers(_ name: String) -> Int { core.pendingTransfers(name) }
}

/// A device that answers string-descriptor requests only when given strings, and stalls everything else.
public final class StallingDevice: USBResponder {
    public init() {}
    public func respond(to transfer: EmulatedTransfer) -> EmulatedResponse { .stall }
}
