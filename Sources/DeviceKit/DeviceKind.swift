/// What sort of device a driver or a model-table entry is about.
public enum DeviceKind: String, Codable, Sendable, CaseIterable {
    /// A body-worn recorder (执法记录仪) in its own USB mode, before any switch to mass storage.
    case recorder
    /// A camera that transfers its files itself (PTP/MTP).
    case camera
    /// A USB mass-storage volume: a recorder after the switch to storage mode, or any other disk.
    case storage
    /// A USB hub; a docking station's bays are its ports.
    case hub
}
