import USB

/// Switching a bay's power: its port, and on a USB 3 dock the same port on the hub's other half, since a
/// device in the bay may be on either.
public enum BayPower {
    /// The hub ports that make the bay: its own first, then its companion on a USB 3 dock.
    public static func ports(of bay: BayConfiguration.Bay, topology: DockTopology) -> [(hub: String, port: UInt8)] {
        guard let own = bay.hubPort else { return [] }
        var ports = [own]
        if let companion = topology.companion(of: bay.portPath),
           let other = BayConfiguration.Bay(number: bay.number, portPath: companion).hubPort {
            ports.append(other)
        }
        return ports
    }

    /// Switches every port of the bay on or off, says how each was switched, and reads each port's status
    /// back (so a cycle's off time starts once the hub reports the port off). Every hub is checked before
    /// anything changes, so a bay is never left with one half switched because the other cannot be. On a USB 3
    /// dock the USB 3 port is powered before its USB 2 peer and after it when switching off, as the kernel does,
    /// so that a SuperSpeed device does not fall back to its USB 2 connection meanwhile.
    @discardableResult
    public static func switchPower(_ bay: BayConfiguration.Bay, on: Bool, devices: [USBDevice],
                                   topology: DockTopology, timeout: Duration = .seconds(1)) throws(HubError) -> [PortSwitch] {
        var ports = ports(of: bay, topology: topology)
        guard !ports.isEmpty else { throw .notAHub(portPath: bay.portPath) }
        func hubDevice(_ path: String) throws(HubError) -> USBDevice {
            guard let device = devices.first(where: { $0.portPath == path }) else { throw .notAHub(portPath: path) }
            return device
        }
        func isUSB3(_ path: String) -> Bool { (devices.first { $0.portPath == path }?.descriptor.usbVersion ?? 0) >= 0x0300 }
        ports.sort { a, b in isUSB3(a.hub) == on && isUSB3(b.hub) != on }
        for (hub, port) in ports {
            let opened = try Hub(opening: try hubDevice(hub), timeout: timeout)
            try opened.check(port)
            guard opened.descriptor.powerSwitching == .perPort else {
                throw .noPerPortPowerSwitching(opened.descriptor.powerSwitching)
            }
        }
        var switched: [PortSwitch] = []
        for (hub, port) in ports {
            let opened = try Hub(opening: try hubDevice(hub), timeout: timeout)
            var done = try opened.switchPower(port: port, on: on, timeout: timeout)
            done.after = try? opened.status(port: port, timeout: timeout)
            switched.append(done)
        }
        return switched
    }
}
