import USB

/// The external hubs attached now, as docks are made of them: each hub's port count, and USB 3 hubs' two
/// halves paired. Reading it opens every external hub once (hub descriptor, BOS container ID).
public struct DockTopology: Sendable {
    /// Hubs that are not root hubs, by port path.
    public let hubs: [USBDevice]
    public let pairs: [HubPair]
    /// Each readable hub's port count, by port path.
    public let portCounts: [String: UInt8]
    /// Hubs that could not be read, by port path.
    public let problems: [String: HubError]

    public init(devices: [USBDevice], timeout: Duration = .seconds(1)) {
        hubs = devices.filter { $0.isHub && !$0.portNumbers.isEmpty }
            .sorted { $0.busNumber != $1.busNumber ? $0.busNumber < $1.busNumber
                : $0.portNumbers.lexicographicallyPrecedes($1.portNumbers) }
        var counts: [String: UInt8] = [:]
        var ids: [String: USBContainerID] = [:]
        var problems: [String: HubError] = [:]
        for device in hubs {
            do throws(HubError) {
                let hub = try Hub(opening: device, timeout: timeout)
                counts[device.portPath] = hub.portCount
                // A BOS descriptor exists from USB 2.01 on; older hubs cannot be half of a pair.
                if device.descriptor.usbVersion >= 0x0201 {
                    do { ids[device.portPath] = try hub.handle.containerID() } catch { throw .usb(error) }
                }
            } catch {
                problems[device.portPath] = error
            }
        }
        portCounts = counts
        self.problems = problems
        pairs = HubPair.pairs(hubs: hubs, containerIDs: ids)
    }

    /// The pair `hub` (a port path) is half of.
    public func pair(of hub: String) -> HubPair? { pairs.first { $0.other(than: hub) != nil } }

    /// The same physical port on the other half of a USB 3 hub: `2-1.3` for `1-1.3`. Both halves number a
    /// connector alike (the kernel pairs peer ports by number when the platform does not say otherwise).
    public func companion(of portPath: String) -> String? {
        guard let (hub, port) = BayConfiguration.Bay(number: 0, portPath: portPath).hubPort,
              let other = pair(of: hub)?.other(than: hub) else { return nil }
        return Hub.portPath(hub: other.portPath, port: port)
    }

    /// Every port → its companion, for both halves of every pair.
    public var companions: [String: String] {
        var map: [String: String] = [:]
        for pair in pairs {
            for port in 1...max(1, portCounts[pair.usb2.portPath] ?? 0) where portCounts[pair.usb2.portPath] != nil {
                let a = Hub.portPath(hub: pair.usb2.portPath, port: port)
                let b = Hub.portPath(hub: pair.usb3.portPath, port: port)
                map[a] = b
                map[b] = a
            }
        }
        return map
    }

    /// The ports a device can be docked in: every port of every hub that has no hub plugged into it, a USB 3
    /// hub's ports once (on its USB 2 half), in bus and port order.
    public var bayPorts: [String] {
        let hubPaths = Set(hubs.map(\.portPath))
        let usb3Halves = Set(pairs.map(\.usb3.portPath))
        var ports: [String] = []
        for hub in hubs where !usb3Halves.contains(hub.portPath) {
            guard let count = portCounts[hub.portPath], count > 0 else { continue }
            for port in 1...count {
                let path = Hub.portPath(hub: hub.portPath, port: port)
                let companion = companion(of: path)
                if hubPaths.contains(path) || companion.map(hubPaths.contains) == true { continue }
                ports.append(path)
            }
        }
        return ports
    }
}
