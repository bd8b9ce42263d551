import DeviceKit
import USB

/// Which of the two protocols a recorder speaks, told by its interface: bulk endpoints 0x01 (OUT) and 0x81
/// (IN) mean ASCII commands; without them it is vendor requests on endpoint 0 only.
public enum AmbarellaVariant: String, Sendable, Hashable {
    /// Vendor control requests: login and the switch to disk mode, nothing else.
    case control
    /// `@CMD;LEN;ARG;#` commands over bulk endpoints.
    case ascii

    static let bulkOut: UInt8 = 0x01
    static let bulkIn: UInt8 = 0x81

    /// The variant and, for the ASCII one, the interface to claim.
    static func of(_ device: USBDevice) throws(AmbarellaError) -> (AmbarellaVariant, interface: UInt8?) {
        let configuration: USBConfigurationDescriptor
        do {
            configuration = try device.activeConfiguration()
        } catch {
            throw AmbarellaError(.usb, operation: "open", message: "reading the configuration descriptor: \(error)")
        }
        for interface in configuration.interfaces {
            for alt in interface.alternateSettings {
                let bulk = alt.endpoints.filter { $0.transferType == .bulk }.map(\.address)
                if bulk.contains(bulkOut) && bulk.contains(bulkIn) { return (.ascii, alt.number) }
            }
        }
        return (.control, nil)
    }

    /// What a recorder of this variant can do: the ASCII variant has commands for the information, the
    /// battery and the date and time; the control variant only logs in and switches.
    public var capabilities: DriverCapabilities {
        switch self {
        case .control: [.identify, .switchToMassStorage]
        case .ascii: [.identify, .readInfo, .battery, .setClock, .switchToMassStorage]
        }
    }
}
