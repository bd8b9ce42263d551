import Synchronization

/// A USB 2 hub: answers the hub class requests (descriptor 0x29, hub and port GET_STATUS, SET/CLEAR_FEATURE)
/// and keeps each port's status, which changes as ports are powered and devices come and go.
public final class EmulatedHub: USBResponder {
    public enum PowerSwitching: UInt16, Sendable { case ganged = 0, perPort = 1, none = 2 }

    struct Port {
        var status: UInt16 = 0
        var change: UInt16 = 0
        var deviceAttached = false
    }

    // Status bits of a USB 2 port (USB 2.0 table 11-21) and feature selectors (table 11-17).
    static let connection: UInt16 = 0x0001, enable: UInt16 = 0x0002, overCurrent: UInt16 = 0x0008
    static let reset: UInt16 = 0x0010, power: UInt16 = 0x0100, highSpeed: UInt16 = 0x0400
    static let featurePortEnable: UInt16 = 1, featurePortReset: UInt16 = 4, featurePortPower: UInt16 = 8
    static let featureCConnection: UInt16 = 16, featureCEnable: UInt16 = 17, featureCOverCurrent: UInt16 = 19
    static let featureCReset: UInt16 = 20

    public let portCount: Int
    public let powerSwitching: PowerSwitching
    private let ports: Mutex<[Port]>
    private let requests = Mutex<[SetupPacket]>([])

    /// A hub with `portCount` ports, all powered; `attached` ports (1-based) have a high-speed device in them.
    public init(portCount: Int, powerSwitching: PowerSwitching = .perPort, attached: Set<Int> = []) {
        self.portCount = portCount
        self.powerSwitching = powerSwitching
        ports = Mutex((1...portCount).map { n in
            var port = Port(deviceAttached: attached.contains(n))
            port.status = Self.power
            if port.deviceAttached { port.status |= Self.connection | Self.enable | Self.highSpeed }
            return port
        })
    }

    /// Every control request the hub has seen.
    public var controlRequests: [SetupPacket] { requests.withLock { $0 } }

    /// The raw wPortStatus and wPortChange of a port (1-based), as the hub would report them.
    public func portStatus(_ port: Int) -> (status: UInt16, change: UInt16) {
        ports.withLock { ($0[port - 1].status, $0[port - 1].change) }
    }

    /// A device is plugged into (or pulled out of) a port.
    public func setAttached(_ attached: Bool, port: Int) {
        ports.withLock { all in
            all[port - 1].deviceAttached = attached
            Self.settle(&all[port - 1])
        }
    }

    /// Raises or clears the port's over-current condition.
    public func setOverCurrent(_ on: Bool, port: Int) {
        ports.withLock { all in
            if on { all[port - 1].status |= Self.overCurrent } else { all[port - 1].status &= ~Self.overCurrent }
            all[port - 1].change |= 0x0008
        }
    }

    /// Connection and enable follow power and presence; a connection change is latched.
    static func settle(_ port: inout Port) {
        let wasConnected = port.status & connection != 0
        let connected = port.deviceAttached && port.status & power != 0
        if connected {
            port.status |= connection | highSpeed
            if !wasConnected { port.status |= enable }
        } else {
            port.status &= ~(connection | enable | highSpeed)
        }
        if connected != wasConnected { port.change |= connection }
    }

    public func descriptor() -> [UInt8] {
        let bitmapBytes = (portCount + 1 + 7) / 8
        var bytes: [UInt8] = [UInt8(7 + 2 * bitmapBytes), 0x29, UInt8(portCount),
                              UInt8(powerSwitching.rawValue), 0x00, 50, 100]
        bytes += [UInt8](repeating: 0, count: bitmapBytes)  // every device removable
        bytes += [UInt8](repeating: 0xFF, count: bitmapBytes)  // PortPwrCtrlMask (USB 1.1 compatibility)
        return bytes
    }

    public func respond(to transfer: EmulatedTransfer) -> EmulatedResponse {
        guard let setup = transfer.setup else {
            return .timeout  // the status-change interrupt endpoint: nothing to report
        }
        requests.withLock { $0.append(setup) }
        switch (setup.requestType, setup.request) {
        case (0xA0, 6) where setup.value >> 8 == 0x29:
            return .data(descriptor())
        case (0xA0, 0):  // hub status: local power good, no over-current
            return .data([0, 0, 0, 0])
        case (0xA3, 0):
            guard let port = validPort(setup.index) else { return .stall }
            let (status, change) = portStatus(port)
            return .data([UInt8(status & 0xFF), UInt8(status >> 8), UInt8(change & 0xFF), UInt8(change >> 8)])
        case (0x23, 3), (0x23, 1):
            guard let port = validPort(setup.index) else { return .stall }
            return feature(setup.value, port: port, set: setup.request == 3) ? .ok : .stall
        case (0x20, 1), (0x20, 3):  // hub features (C_HUB_LOCAL_POWER, C_HUB_OVER_CURRENT)
            return .ok
        default:
            return setup.isIn ? .stall : .ok
        }
    }

    private func validPort(_ index: UInt16) -> Int? {
        let port = Int(index & 0xFF)
        return (1...portCount).contains(port) ? port : nil
    }

    private func feature(_ selector: UInt16, port: Int, set: Bool) -> Bool {
        ports.withLock { all in
            switch (selector, set) {
            case (Self.featurePortPower, _):
                switch powerSwitching {
                case .none: break  // always powered: the request is accepted and changes nothing
                case .perPort: Self.switchPower(&all[port - 1], on: set)
                case .ganged: for i in all.indices { Self.switchPower(&all[i], on: set) }
                }
            case (Self.featurePortReset, true):
                if all[port - 1].status & Self.connection != 0 {
                    all[port - 1].status |= Self.enable
                    all[port - 1].change |= Self.reset
                }
            case (Self.featurePortEnable, false):
                all[port - 1].status &= ~Self.enable
            case (Self.featureCConnection, false): all[port - 1].change &= ~Self.connection
            case (Self.featureCEnable, false): all[port - 1].change &= ~Self.enable
            case (Self.featureCOverCurrent, false): all[port - 1].change &= ~0x0008
            case (Self.featureCReset, false): all[port - 1].change &= ~Self.reset
            default: return false
            }
            return true
        }
    }

    static func switchPower(_ port: inout Port, on: Bool) {
        if on { port.status |= power } else { port.status &= ~power }
        settle(&port)
    }
}
