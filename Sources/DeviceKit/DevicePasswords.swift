/// Passwords of devices that ask for one before they switch to storage mode (`device_passwords` in
/// recgate.json): per model (`"4255:0001"`, VID:PID in lowercase hex) and per device serial; the device's own
/// wins. Kept out of every printed form (description, debug description, reflection), so a log line, an
/// error or an audit detail that interpolates them shows none.
public struct DevicePasswords: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The configuration key, for messages.
    public static let key = "device_passwords"

    private var byModel: [String: String]
    private var byDevice: [String: String]

    public init(byModel: [String: String] = [:], byDevice: [String: String] = [:]) {
        self.byModel = byModel
        self.byDevice = byDevice
    }

    /// `4255:0001`: how a model is named in the configuration.
    public static func modelKey(vendorID: UInt16, productID: UInt16) -> String {
        func hex4(_ v: UInt16) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: max(0, 4 - s.count)) + s
        }
        return "\(hex4(vendorID)):\(hex4(productID))"
    }

    /// The password for the device: its serial's, else its model's; nil when neither is configured.
    public func password(serial: String?, model: String) -> String? {
        if let serial, let own = byDevice[serial] { return own }
        return byModel[model]
    }

    /// The keys that would configure a password for the device, for the error when none is.
    public static func keys(serial: String?, model: String) -> String {
        let device = serial.map { "\(key).devices.\"\($0)\" or " } ?? ""
        return device + "\(key).models.\"\(model)\""
    }

    public var isEmpty: Bool { byModel.isEmpty && byDevice.isEmpty }

    public var description: String { "device passwords (\(byModel.count) models, \(byDevice.count) devices)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
