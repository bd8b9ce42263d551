import Synchronization

/// A hub: answers the hub class requests (descriptor 0x29, or 0x2A for the USB 3 half of a hub; hub and port
/// GET_STATUS; SET/CLEAR_FEATURE) and GET_DESCRIPTOR(BOS) with its container ID, and keeps each port's status,
/// which follows power and presence.
///
/// In a testbed (``EmulatedUSB``) the hub also owns its ports' sysfs `disable` files, as the kernel does: a
/// write there switches the port's power, a class request rewrites the file, and after any change the testbed
/// removes or adds the records of the devices behind the port.
public final class EmulatedHub: USBResponder {
    public enum PowerSwitching: UInt16, Sendable { case ganged = 0, perPort = 1, none = 2 }

    /// Which half of a hub this is: a USB 3 hub enumerates as a USB 2 hub and a USB 3 hub.
    public enum Generation: Sendable { case usb2, usb3 }

    /// One port, as facts; ``status`` renders the bits in the hub's generation.
    struct Port {
        var powered = true
        var deviceAttached = false
        var connected = false
        var enabled = false
        var overCurrent = false
        var change: UInt16 = 0
    }

    // Port status bits shared by USB 2 (USB 2.0 table 11-21) and USB 3 (USB 3.2 table 10-13).
    static let connection: UInt16 = 0x0001, enable: UInt16 = 0x0002, overCurrent: UInt16 = 0x0008
    static let reset: UInt16 = 0x0010
    // USB 2 only: power, high-speed device attached.
    static let powerUSB2: UInt16 = 0x0100, highSpeed: UInt16 = 0x0400
    // USB 3 only: power, and the link state field (bits 5–8): U0 = 0, SS.Disabled = 4, Rx.Detect = 5.
    static let powerUSB3: UInt16 = 0x0200, linkStateShift: UInt16 = 5
    static let linkDisabled: UInt16 = 4, linkRxDetect: UInt16 = 5
    // Feature selectors (USB 2.0 table 11-17; the same numbers in USB 3).
    static let featurePortEnable: UInt16 = 1, featurePortReset: UInt16 = 4, featurePortPower: UInt16 = 8
    static let featureCConnection: UInt16 = 16, featureCEnable: UInt16 = 17, featureCOverCurrent: UInt16 = 19
    static let featureCReset: UInt16 = 20

    public let portCount: Int
    public let powerSwitching: PowerSwitching
    public let generation: Generation
    /// The 16-byte container ID in the BOS descriptor; nil: the hub has no BOS and stalls the request.
    public let containerID: [UInt8]?
    private let ports: Mutex<[Port]>
    private let requests = Mutex<[SetupPacket]>([])

    /// What connects the hub to a testbed: its ports' `disable` files, and what to call after a port's power
    /// changed (the testbed then adds or removes the records behind the port).
    struct Wiring {
        var disableFiles: [Int: String] = [:]
        var powerChanged: (@Sendable () -> Void)?
    }
    private let wiring = Mutex(Wiring())

    /// A hub with `portCount` ports, all powered; `attached` ports (1-based) have a device in them. In a testbed
    /// the ports with a device record behind them are marked attached as the records are added.
    public init(portCount: Int, powerSwitching: PowerSwitching = .perPort, attached: Set<Int> = [],
                generation: Generation = .usb2, containerID: [UInt8]? = nil) {
        precondition(containerID.map { $0.count == 16 } ?? true, "a container ID is 16 bytes")
        self.portCount = portCount
        self.powerSwitching = powerSwitching
        self.generation = generation
        self.containerID = containerID
        ports = Mutex((1...portCount).map { n in
            var port = Port(deviceAttached: attached.contains(n))
            Self.settle(&port)
            port.change = 0
            return port
        })
    }

    /// Every control request the hub has seen.
    public var controlRequests: [SetupPacket] { requests.withLock { $0 } }

    /// The raw wPortStatus and wPortChange of a port (1-based), as the hub would report them.
    public func portStatus(_ port: Int) -> (status: UInt16, change: UInt16) {
        ports.withLock { (status(of: $0[port - 1]), $0[port - 1].change) }
    }

    /// Whether the port has power.
    public func isPowered(_ port: Int) -> Bool { ports.withLock { $0[port - 1].powered } }

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
            all[port - 1].overCurrent = on
            all[port - 1].change |= Self.overCurrent
        }
    }

    /// Connection and enable follow power and presence; a connection change is latched.
    static func settle(_ port: inout Port) {
        let connected = port.deviceAttached && port.powered
        if connected != port.connected { port.change |= connection }
        // The kernel resets and enables a newly connected port; the emulator skips to the result.
        if connected && !port.connected { port.enabled = true }
        if !connected { port.enabled = false }
        port.connected = connected
    }

    /// wPortStatus in this hub's generation.
    func status(of port: Port) -> UInt16 {
        var bits: UInt16 = 0
        if port.connected { bits |= Self.connection }
        if port.enabled { bits |= Self.enable }
        if port.overCurrent { bits |= Self.overCurrent }
        switch generation {
        case .usb2:
            if port.powered { bits |= Self.powerUSB2 }
            if port.connected { bits |= Self.highSpeed }
        case .usb3:
            // Speed (bits 10–12) 0 is 5 Gb/s; the link is in U0 while a device is connected.
            if port.powered { bits |= Self.powerUSB3 }
            let link = !port.powered ? Self.linkDisabled : port.connected ? 0 : Self.linkRxDetect
            bits |= link << Self.linkStateShift
        }
        return bits
    }

    public func descriptor() -> [UInt8] {
        let characteristics = [UInt8(powerSwitching.rawValue), 0x00]
        switch generation {
        case .usb2:
            let bitmapBytes = (portCount + 1 + 7) / 8
            var bytes: [UInt8] = [UInt8(7 + 2 * bitmapBytes), 0x29, UInt8(portCount)] + characteristics + [50, 100]
            bytes += [UInt8](repeating: 0, count: bitmapBytes)  // every device removable
            bytes += [UInt8](repeating: 0xFF, count: bitmapBytes)  // PortPwrCtrlMask (USB 1.1 compatibility)
            return bytes
        case .usb3:
            // bHubHdrDecLat, wHubDelay, then DeviceRemovable (16 bits, all removable).
            return [12, 0x2A, UInt8(portCount)] + characteristics + [50, 0, 0, 0, 0, 0, 0]
        }
    }

    /// The BOS descriptor: USB 2.0 extension (LPM), SuperSpeed capability on the USB 3 half, container ID.
    func bos() -> [UInt8]? {
        guard let containerID else { return nil }
        var capabilities: [UInt8] = [7, 0x10, 0x02, 0x02, 0, 0, 0]
        if generation == .usb3 { capabilities += [10, 0x10, 0x03, 0x00, 0x0E, 0x00, 0x01, 0x0A, 0xFF, 0x07] }
        capabilities += [20, 0x10, 0x04, 0x00] + containerID
        let count: UInt8 = generation == .usb3 ? 3 : 2
        let total = 5 + capabilities.count
        return [5, 0x0F, UInt8(total & 0xFF), UInt8(total >> 8), count] + capabilities
    }

    public func respond(to transfer: EmulatedTransfer) -> EmulatedResponse {
        guard let setup = transfer.setup else {
            return .timeout  // the status-change interrupt endpoint: nothing to report
        }
        requests.withLock { $0.append(setup) }
        // A `disable` write may not have been noticed yet: the host must see it in the status it reads next.
        applySysfsWrites()
        switch (setup.requestType, setup.request) {
        case (0x80, 6) where setup.value >> 8 == 0x0F:
            return bos().map { .data($0) } ?? .stall
        case (0xA0, 6) where setup.value >> 8 == (generation == .usb2 ? 0x29 : 0x2A):
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
        case (0x20, 1), (0x20, 3):  // hub features (C_HUB_LOCAL_POWER, C_HUB_OVER_CURRENT, SET_HUB_DEPTH)
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
        var powerChanged = false
        let known = ports.withLock { all -> Bool in
            switch (selector, set) {
            case (Self.featurePortPower, _):
                powerChanged = switchPower(&all, port: port, on: set)
            case (Self.featurePortReset, true):
                if all[port - 1].connected {
                    all[port - 1].enabled = true
                    all[port - 1].change |= Self.reset
                }
            case (Self.featurePortEnable, false):
                all[port - 1].enabled = false
            case (Self.featureCConnection, false): all[port - 1].change &= ~Self.connection
            case (Self.featureCEnable, false): all[port - 1].change &= ~Self.enable
            case (Self.featureCOverCurrent, false): all[port - 1].change &= ~Self.overCurrent
            case (Self.featureCReset, false): all[port - 1].change &= ~Self.reset
            default: return false
            }
            return true
        }
        // Outside the lock: the testbed reads the hub's ports while it adds or removes records.
        if powerChanged { wiring.withLock { $0.powerChanged }?() }
        return known
    }

    /// Switches power as the hub's switching mode allows, keeps the `disable` files in step, and says whether
    /// any port's power changed. `written` is true when the host asked through the port's `disable` file: that
    /// file already says what was asked, and is rewritten only if the hub could not do it (rewriting it
    /// otherwise could undo a newer write of the host's).
    private func switchPower(_ all: inout [Port], port: Int, on: Bool, written: Bool = false) -> Bool {
        let before = all.map(\.powered)
        switch powerSwitching {
        case .none: break  // always powered: the request is accepted and changes nothing
        case .perPort: Self.switchPower(&all[port - 1], on: on)
        case .ganged: for i in all.indices { Self.switchPower(&all[i], on: on) }
        }
        var stale = Set((1...portCount).filter { all[$0 - 1].powered != before[$0 - 1] })
        if written {
            stale.remove(port)
            if all[port - 1].powered != on { stale.insert(port) }
        }
        writeDisableFiles(all, ports: stale)
        return all.map(\.powered) != before
    }

    static func switchPower(_ port: inout Port, on: Bool) {
        port.powered = on
        settle(&port)
    }

    // MARK: The testbed's sysfs

    /// Connects the hub to its testbed (``EmulatedUSB`` calls it when it adds the hub).
    func wire(disableFiles: [Int: String], powerChanged: @escaping @Sendable () -> Void) {
        wiring.withLock { $0 = Wiring(disableFiles: disableFiles, powerChanged: powerChanged) }
    }

    /// The contents a port's `disable` file has while the port is in its present state.
    func disableValue(port: Int) -> String { isPowered(port) ? "0" : "1" }

    /// Applies what the host wrote to the ports' `disable` files since the hub last looked (1 switches the port
    /// off, 0 on, as the kernel's `disable` attribute does), then tells the testbed if power changed.
    func applySysfsWrites() {
        let files = wiring.withLock { $0.disableFiles }
        guard !files.isEmpty else { return }
        let changed = ports.withLock { all -> Bool in
            var changed = false
            for (port, path) in files.sorted(by: { $0.key < $1.key }) {
                guard let disabled = SysfsText.readBool(path), disabled == all[port - 1].powered else { continue }
                changed = switchPower(&all, port: port, on: !disabled, written: true) || changed
            }
            return changed
        }
        if changed { wiring.withLock { $0.powerChanged }?() }
    }

    /// Rewrites the `disable` files of `ports` that disagree with them (only those: each write wakes the watcher).
    private func writeDisableFiles(_ all: [Port], ports: Set<Int>) {
        let files = wiring.withLock { $0.disableFiles }
        for port in ports.sorted() {
            guard let path = files[port], let disabled = SysfsText.readBool(path), disabled == all[port - 1].powered
            else { continue }
            SysfsText.write(path, all[port - 1].powered ? "0\n" : "1\n")
        }
    }
}
