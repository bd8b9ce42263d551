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

    /// The bay wired to a port path or, on a USB 3 dock, to its companion on the hub's other half
    /// (``DockTopology/companions``).
    public func bay(at portPath: String, companions: [String: String]) -> Bay? {
        bay(at: portPath) ?? companions[portPath].flatMap { bay(at: $0) }
    }
}

/// A bay as it is now: its port's power and connection, and the device in it.
public struct BayStatus: Sendable {
    /// The same port on the other half of a USB 3 hub, as it is now.
    public struct Companion: Sendable {
        public var portPath: String
        public var port: PortStatus?
        public var problem: HubError?
    }

    /// The power of the bay's ports taken together.
    public enum Power: String, Sendable {
        case on, off
        /// A USB 3 bay with one half powered and the other not.
        case partial
    }

    public var bay: BayConfiguration.Bay
    /// The port's status; nil when its hub is not attached or did not answer (`problem` says why).
    public var port: PortStatus?
    /// The device libusb sees at the bay's port path, or at its companion's.
    public var device: USBDevice?
    public var problem: HubError?
    /// On a USB 3 dock: the bay's port on the hub's other half.
    public var companion: Companion?

    /// On, off or partial over every port of the bay that answered; nil when none did.
    public var power: Power? {
        let known = [port, companion?.port].compactMap { $0 }
        guard !known.isEmpty else { return nil }
        let on = known.filter(\.isPowered).count
        return on == known.count ? .on : on == 0 ? .off : .partial
    }

    /// The port status that tells the bay's state: the half the device is connected on, else the bay's own.
    public var effectivePort: PortStatus? {
        [port, companion?.port].compactMap { $0 }.first(where: \.isConnected) ?? port ?? companion?.port
    }
}

public enum DockSurvey {
    /// Reads every configured bay's port status (each hub opened once) and finds the device in it. With a
    /// topology, a bay on a USB 3 dock also reads its port on the hub's other half and finds the device on
    /// whichever half it is.
    public static func survey(_ configuration: BayConfiguration, devices: [USBDevice], topology: DockTopology? = nil,
                              timeout: Duration = .seconds(1)) -> [BayStatus] {
        var statuses = configuration.bays.map { bay in
            BayStatus(bay: bay, port: nil, device: nil, problem: nil,
                      companion: topology?.companion(of: bay.portPath).map { .init(portPath: $0) })
        }
        for i in statuses.indices {
            let paths = [statuses[i].bay.portPath, statuses[i].companion?.portPath].compactMap { $0 }
            statuses[i].device = paths.lazy.compactMap { path in devices.first { $0.portPath == path } }.first
        }
        // Every port to read: (bay index, is it the companion, hub, port).
        var reads: [(index: Int, companion: Bool, hub: String, port: UInt8)] = []
        for (i, status) in statuses.enumerated() {
            if let (hub, port) = status.bay.hubPort { reads.append((i, false, hub, port)) }
            if let path = status.companion?.portPath,
               let (hub, port) = BayConfiguration.Bay(number: status.bay.number, portPath: path).hubPort {
                reads.append((i, true, hub, port))
            }
        }
        func record(_ read: (index: Int, companion: Bool, hub: String, port: UInt8), _ result: Result<PortStatus, HubError>) {
            switch (read.companion, result) {
            case (false, .success(let s)): statuses[read.index].port = s
            case (false, .failure(let e)): statuses[read.index].problem = e
            case (true, .success(let s)): statuses[read.index].companion?.port = s
            case (true, .failure(let e)): statuses[read.index].companion?.problem = e
            }
        }
        for hubPath in Set(reads.map(\.hub)).sorted() {
            let onHub = reads.filter { $0.hub == hubPath }
            guard let hubDevice = devices.first(where: { $0.portPath == hubPath }) else {
                for read in onHub { record(read, .failure(.notAHub(portPath: hubPath))) }
                continue
            }
            do throws(HubError) {
                let hub = try Hub(opening: hubDevice, timeout: timeout)
                for read in onHub {
                    do throws(HubError) {
                        record(read, .success(try hub.status(port: read.port, timeout: timeout)))
                    } catch {
                        record(read, .failure(error))
                    }
                }
            } catch {
                for read in onHub { record(read, .failure(error)) }
            }
        }
        return statuses
    }
}
