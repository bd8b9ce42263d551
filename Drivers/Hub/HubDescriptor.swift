/// A hub's class descriptor (USB 2.0 §11.23.2.1, type 0x29; USB 3 §10.15.2.1, type 0x2A).
public struct HubDescriptor: Hashable, Sendable {
    /// How the hub switches port power (wHubCharacteristics bits 0–1).
    public enum PowerSwitching: Sendable, Hashable {
        /// All ports at once.
        case ganged
        /// Each port on its own.
        case perPort
        /// Ports are always powered.
        case none
    }

    public var descriptorType: UInt8
    public var portCount: UInt8
    public var characteristics: UInt16
    /// Time from power-on to power-good, in 2 ms units.
    public var powerOnToPowerGood: UInt8
    public var controllerCurrent: UInt8
    /// Ports whose device is not removable (bit N = port N), from the DeviceRemovable field.
    public var nonRemovablePorts: Set<UInt8>

    public var isUSB3: Bool { descriptorType == 0x2A }

    public var powerSwitching: PowerSwitching {
        switch characteristics & 0x0003 {
        case 0: .ganged
        case 1: .perPort
        default: .none
        }
    }

    /// Parses the descriptor; nil when the bytes are not a hub descriptor.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 7, bytes[1] == 0x29 || bytes[1] == 0x2A, Int(bytes[0]) <= bytes.count else { return nil }
        descriptorType = bytes[1]
        portCount = bytes[2]
        characteristics = UInt16(bytes[3]) | UInt16(bytes[4]) << 8
        powerOnToPowerGood = bytes[5]
        controllerCurrent = bytes[6]
        var fixed = Set<UInt8>()
        if descriptorType == 0x29 {
            // DeviceRemovable: one bit per port, bit 0 reserved, starting at byte 7.
            for port in 1...max(1, Int(portCount)) where port <= Int(portCount) {
                let at = 7 + port / 8
                if at < bytes.count, bytes[at] & (1 << (port % 8)) != 0 { fixed.insert(UInt8(port)) }
            }
        } else if bytes.count >= 12 {
            // USB 3: bHubHdrDecLat (7), wHubDelay (8–9), then DeviceRemovable as a 16-bit field.
            let removable = UInt16(bytes[10]) | UInt16(bytes[11]) << 8
            for port in 1...max(1, Int(portCount)) where port <= Int(portCount) && port < 16 {
                if removable & (1 << port) != 0 { fixed.insert(UInt8(port)) }
            }
        }
        nonRemovablePorts = fixed
    }
}

/// One port's status and change bits (USB 2.0 §11.24.2.7, GET_STATUS with bmRequestType 0xA3).
public struct PortStatus: Hashable, Sendable, CustomStringConvertible {
    public var status: UInt16
    public var change: UInt16
    /// USB 3 hubs put the power bit at 0x0200 instead of 0x0100 and report speed differently.
    public var isUSB3: Bool

    public init(status: UInt16, change: UInt16, isUSB3: Bool = false) {
        self.status = status
        self.change = change
        self.isUSB3 = isUSB3
    }

    /// Parses the 4 bytes GET_STATUS returns (wPortStatus, wPortChange, little-endian).
    public init?(_ bytes: [UInt8], isUSB3: Bool = false) {
        guard bytes.count == 4 else { return nil }
        self.init(status: UInt16(bytes[0]) | UInt16(bytes[1]) << 8,
                  change: UInt16(bytes[2]) | UInt16(bytes[3]) << 8, isUSB3: isUSB3)
    }

    public enum Bit {
        public static let connection: UInt16 = 0x0001
        public static let enable: UInt16 = 0x0002
        public static let suspend: UInt16 = 0x0004
        public static let overCurrent: UInt16 = 0x0008
        public static let reset: UInt16 = 0x0010
        public static let powerUSB2: UInt16 = 0x0100
        public static let powerUSB3: UInt16 = 0x0200
        public static let lowSpeed: UInt16 = 0x0200  // USB 2 only
        public static let highSpeed: UInt16 = 0x0400  // USB 2 only
    }

    public var isConnected: Bool { status & Bit.connection != 0 }
    public var isEnabled: Bool { status & Bit.enable != 0 }
    public var isSuspended: Bool { !isUSB3 && status & Bit.suspend != 0 }
    public var isOverCurrent: Bool { status & Bit.overCurrent != 0 }
    public var isResetting: Bool { status & Bit.reset != 0 }
    public var isPowered: Bool { status & (isUSB3 ? Bit.powerUSB3 : Bit.powerUSB2) != 0 }
    /// The connection changed since the change bit was last cleared.
    public var connectionChanged: Bool { change & Bit.connection != 0 }

    /// The attached device's speed on a USB 2 hub (nil with nothing connected, or on a USB 3 hub).
    public var speed: String? {
        guard isConnected, !isUSB3 else { return nil }
        if status & Bit.lowSpeed != 0 { return "low" }
        if status & Bit.highSpeed != 0 { return "high" }
        return "full"
    }

    public var description: String {
        var parts: [String] = []
        if isPowered { parts.append("power") }
        if isConnected { parts.append("connected") }
        if isEnabled { parts.append("enabled") }
        if isOverCurrent { parts.append("over-current") }
        if isSuspended { parts.append("suspended") }
        return parts.isEmpty ? "off" : parts.joined(separator: ",")
    }
}
