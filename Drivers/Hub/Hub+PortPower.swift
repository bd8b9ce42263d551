import USB

/// How a port's power was switched.
public enum PortPowerMethod: String, Sendable, Hashable {
    /// The port's `disable` attribute in sysfs (Linux 6.0 and later).
    case sysfs
    /// SET_FEATURE / CLEAR_FEATURE(PORT_POWER) sent to the hub.
    case hubRequest = "hub-request"
}

/// One port switched: which, to what, and how.
public struct PortSwitch: Sendable, Hashable {
    /// The hub's port path (`1-1.5`).
    public var hub: String
    public var port: UInt8
    public var on: Bool
    public var method: PortPowerMethod
    /// The `disable` attribute written, for `.sysfs`.
    public var file: String?
    /// The port's status read back after switching (nil when not read, or the hub did not answer).
    public var after: PortStatus?

    public init(hub: String, port: UInt8, on: Bool, method: PortPowerMethod, file: String?, after: PortStatus? = nil) {
        self.hub = hub
        self.port = port
        self.on = on
        self.method = method
        self.file = file
        self.after = after
    }

    /// The switched port's own path (`1-1.5.3`).
    public var portPath: String { Hub.portPath(hub: hub, port: port) }
}

extension Hub {
    /// The port path of port `port` of the hub at `hub`: `1-1.5` + 3 is `1-1.5.3`; root hub `usb2` + 1 is `2-1`.
    public static func portPath(hub: String, port: UInt8) -> String {
        hub.hasPrefix("usb") ? "\(hub.dropFirst(3))-\(port)" : "\(hub).\(port)"
    }

    /// The port's `disable` attribute: `<sysfs>/<hub>:<config>.0/<hub>-port<N>/disable` (the root hub `usb1`'s
    /// interface is `1-0:1.0`). It exists from Linux 6.0.
    public func disableAttribute(port: UInt8) -> SysfsAttribute {
        let hub = device.portPath
        let configuration = device.sysfsAttribute("bConfigurationValue") ?? "1"
        let interface = hub.hasPrefix("usb") ? "\(hub.dropFirst(3))-0:\(configuration).0" : "\(hub):\(configuration).0"
        return SysfsAttribute(path: "\(device.sysfsRoot)/\(interface)/\(hub)-port\(port)/disable")
    }

    /// Switches a port's power, through the kernel where it can: the port's `disable` attribute when it exists
    /// and may be written, else the hub class request. The kernel's hub driver owns the hub; through `disable`
    /// it switches the port itself and knows the device went away on purpose, while a class request behind its
    /// back looks like a fault it may try to recover from. Refused on a hub without per-port switching (on a
    /// ganged hub either way would switch every port).
    @discardableResult
    public func switchPower(port: UInt8, on: Bool, timeout: Duration = .seconds(1)) throws(HubError) -> PortSwitch {
        try check(port)
        guard descriptor.powerSwitching == .perPort else { throw .noPerPortPowerSwitching(descriptor.powerSwitching) }
        let hub = device.portPath
        let attribute = disableAttribute(port: port)
        if attribute.exists && attribute.isWritable {
            do { try attribute.write(on ? "0" : "1") } catch { throw .file(error) }
            return PortSwitch(hub: hub, port: port, on: on, method: .sysfs, file: attribute.path)
        }
        try setPower(port: port, on: on, timeout: timeout)
        return PortSwitch(hub: hub, port: port, on: on, method: .hubRequest, file: nil)
    }
}
