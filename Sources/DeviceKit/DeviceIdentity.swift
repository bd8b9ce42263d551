/// Who a device is, as far as the device itself tells.
public struct DeviceIdentity: Sendable, Hashable, Codable {
    /// The product serial (GA/T 947.4's cSerial, 7 characters on conforming recorders).
    public var serial: String?
    public var model: String?
    /// The officer the device was last issued to, when the device records it.
    public var officer: String?
    /// The driver-side profile or model-table entry that recognised the device.
    public var profile: String

    public init(serial: String? = nil, model: String? = nil, officer: String? = nil, profile: String) {
        self.serial = serial
        self.model = model
        self.officer = officer
        self.profile = profile
    }
}
