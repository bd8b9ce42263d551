import Foundation
import GRDB

/// What a device said about itself when a command asked it (table `device_condition`, insert-only):
/// battery, storage and firmware. A field the device did not report is nil; a row reports at least one.
public struct DeviceConditionRow: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var deviceSerial: String
    /// Battery charge, percent (0–100).
    public var batteryPercent: Int?
    /// Storage capacity and free space, bytes (summed over the device's stores).
    public var storageTotal: Int64?
    public var storageFree: Int64?
    public var firmware: String?
    /// The command that read it, e.g. `camera info`.
    public var source: String
    public var observedAt: Date
    public var actor: String

    enum CodingKeys: String, CodingKey {
        case id
        case deviceSerial = "device_serial"
        case batteryPercent = "battery_percent"
        case storageTotal = "storage_total"
        case storageFree = "storage_free"
        case firmware, source
        case observedAt = "observed_at"
        case actor
    }
}

extension DeviceConditionRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "device_condition"
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}

/// A device's condition to record.
public struct NewDeviceCondition: Sendable, Hashable {
    public var deviceSerial: String
    public var batteryPercent: Int?
    public var storageTotal: Int64?
    public var storageFree: Int64?
    public var firmware: String?
    public var source: String

    public init(deviceSerial: String, batteryPercent: Int? = nil, storageTotal: Int64? = nil, storageFree: Int64? = nil,
                firmware: String? = nil, source: String) {
        self.deviceSerial = deviceSerial
        self.batteryPercent = batteryPercent
        self.storageTotal = storageTotal
        self.storageFree = storageFree
        self.firmware = firmware
        self.source = source
    }
}
