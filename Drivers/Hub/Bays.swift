import USB

/// Which port each dock bay is: bay numbers and labels mapped to port paths (a configuration file).
///
/// ```json
/// {"bays": [{"bay": 1, "label": "A1", "port_path": "1-1.1"}, {"bay": 5, "port_path": "1-1.5.1"}]}
/// ```
public struct BayConfiguration: Codable, Hashable, Sendable {
    public struct Bay: Codable, Hashable, Sendable {
        public var number: Int
        public var label: String?
        /// The hub port the bay is wired to, e.g. `1-1.5.1`.
        public var portPath: String

        public init(number: Int, label: String? = nil, portPath: String) {
            self.number = number
            self.label = label
            self.portPath = portPath
        }

        enum CodingKeys: String, CodingKey {
            case number = "bay", label, portPath = "port_path"
        }

        /// The hub's port path and the port number on it; nil for a path without a hub (`1-4`'s hub is
        /// the root hub `usb1`).
        public var hubPort: (hub: String, port: UInt8)? {
            let bus = portPath.split(separator: "-", maxSplits: 1)
            guard bus.count == 2 else { return nil }
            var chain = bus[1].split(separator: ".")
            guard let last = chain.popLast(), let port = UInt8(last) else { return nil }
            return (chain.isEmpty ? "usb\(bus[0])" : "\(bus[0])-" + chain.joined(separator: "."), port)
        }
    }

    public var bays: [Bay]

    public init(bays: [Bay]) { self.bays = bays }

    /// The bay wired to a port path.
    public func bay(at portPath: String) -> Bay? { bays.first { $0.portPath == portPath } }
}

/// A bay as it is now: its port's power and connection, and the device in it.
public struct BayStatus: Sendable {
    public var bay: BayConfiguration.Bay
    /// The port's status; nil when its hub is not attached or did not answer (`problem` says why).
    public var port: PortStatus?
    /// The device libusb sees at the bay's port path.
    public var device: USBDevice?
    public var problem: HubError?
}

public enum DockSurvey {
    /// Reads every configured bay's port status (each hub opened once) and finds the device in it.
    public static func survey(_ configuration: BayConfiguration, devices: [USBDevice],
                              timeout: Duration = .seconds(1)) -> [BayStatus] {
        var statuses = configuration.bays.map { BayStatus(bay: $0, port: nil, device: nil, problem: nil) }
        for i in statuses.indices {
            statuses[i].device = devices.first { $0.portPath == statuses[i].bay.portPath }
        }
        let hubs = Set(configuration.bays.compactMap { $0.hubPort?.hub })
        for hubPath in hubs.sorted() {
            let indices = statuses.indices.filter { statuses[$0].bay.hubPort?.hub == hubPath }
            guard let hubDevice = devices.first(where: { $0.portPath == hubPath }) else {
                for i in indices { statuses[i].problem = .notAHub(portPath: hubPath) }
                continue
            }
            do throws(HubError) {
                let hub = try Hub(opening: hubDevice, timeout: timeout)
                for i in indices {
                    do throws(HubError) {
                        statuses[i].port = try hub.status(port: statuses[i].bay.hubPort!.port, timeout: timeout)
                    } catch {
                        statuses[i].problem = error
                    }
                }
            } catch {
                for i in indices { statuses[i].problem = error }
            }
        }
        return statuses
    }
}
