/// What a driver can do with a device: GA/T 947.4's device interface (see PROTOCOLS.md) for recorders and
/// cameras, and the docking station's small contract.
///
/// A driver declares only what its code does today; the registry and the command line show it as is.
public struct DriverCapabilities: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Tell the device's model and serial.
    public static let identify = Self(rawValue: 1 << 0)
    /// Read device and officer information (947.4 GetZFYInfo).
    public static let readInfo = Self(rawValue: 1 << 1)
    /// Write device and officer information (947.4 WriteZFYInfo).
    public static let writeInfo = Self(rawValue: 1 << 2)
    /// Read the device's clock without changing it.
    public static let readClock = Self(rawValue: 1 << 3)
    /// Set the device's clock (947.4 SyncDevTime).
    public static let setClock = Self(rawValue: 1 << 4)
    /// Battery charge, 0–100 %.
    public static let battery = Self(rawValue: 1 << 5)
    /// Recording width and height.
    public static let resolution = Self(rawValue: 1 << 6)
    /// Switch the device to USB mass-storage mode (947.4 SetMSDC).
    public static let switchToMassStorage = Self(rawValue: 1 << 7)
    /// List the recordings on the device.
    public static let listRecordings = Self(rawValue: 1 << 8)
    /// Read a recording's bytes (streaming).
    public static let readRecordings = Self(rawValue: 1 << 9)
    /// Delete a recording from the device.
    public static let deleteRecordings = Self(rawValue: 1 << 10)
    /// Storage capacity and free space.
    public static let storage = Self(rawValue: 1 << 11)

    /// Docks: map bays to hub ports.
    public static let bays = Self(rawValue: 1 << 16)
    /// Docks: read a port's status (power, connection, over-current).
    public static let portStatus = Self(rawValue: 1 << 17)
    /// Docks: switch a port's power on and off.
    public static let portPower = Self(rawValue: 1 << 18)

    /// Every capability with its name, in the contract's order.
    public static let named: [(name: String, capability: Self)] = [
        ("identify", .identify), ("read_info", .readInfo), ("write_info", .writeInfo),
        ("read_clock", .readClock), ("set_clock", .setClock), ("battery", .battery),
        ("resolution", .resolution), ("switch_to_mass_storage", .switchToMassStorage),
        ("list_recordings", .listRecordings), ("read_recordings", .readRecordings),
        ("delete_recordings", .deleteRecordings), ("storage", .storage), ("bays", .bays), ("port_status", .portStatus),
        ("port_power", .portPower),
    ]

    /// The names of the capabilities in this set, in the contract's order.
    public var names: [String] { Self.named.filter { contains($0.capability) }.map(\.name) }
}
