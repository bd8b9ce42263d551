import Foundation
import GRDB

/// A bound on a device's clock where the clock itself cannot be read (table `clock_bound`, insert-only).
/// Kind `lower`: at the gateway time, the device's clock showed at least `device_time` (its newest
/// recording's time, which it stamped before it was docked), so its offset (device − gateway) was at least
/// `device_time − gateway time`.
public struct ClockBoundRow: Codable, Sendable, Hashable {
    public var id: String
    public var deviceSerial: String
    /// `YYYY-MM-DDThh:mm:ss`, local wall-clock time with no zone.
    public var deviceTime: String
    /// The gateway's clock at the bound, Unix seconds.
    public var gatewayS: Double
    /// `lower`.
    public var kind: String
    /// The gateway set the device's clock right after the bound's instant.
    public var clockSet: Bool
    public var note: String?
    public var recordedAt: Date
    public var actor: String

    enum CodingKeys: String, CodingKey {
        case id
        case deviceSerial = "device_serial"
        case deviceTime = "device_time"
        case gatewayS = "gateway_s"
        case kind
        case clockSet = "clock_set"
        case note
        case recordedAt = "recorded_at"
        case actor
    }
}

extension ClockBoundRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "clock_bound"
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}

/// A clock bound to record.
public struct NewClockBound: Sendable, Hashable {
    public var deviceSerial: String
    public var deviceTime: String
    public var gatewayTime: Date
    public var clockSet: Bool
    public var note: String?

    public init(deviceSerial: String, deviceTime: String, gatewayTime: Date, clockSet: Bool, note: String? = nil) {
        self.deviceSerial = deviceSerial
        self.deviceTime = deviceTime
        self.gatewayTime = gatewayTime
        self.clockSet = clockSet
        self.note = note
    }
}
