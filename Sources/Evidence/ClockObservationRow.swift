import Foundation
import GRDB

/// A device's clock read at a known gateway time (table `clock_observation`). Insert-only.
public struct ClockObservationRow: Codable, Sendable, Hashable {
    public var id: String
    public var deviceSerial: String
    /// What the device's clock said, local wall-clock time with no zone: `YYYY-MM-DDThh:mm:ss`.
    public var deviceTime: String
    /// The gateway's clock at the reading, Unix seconds.
    public var gatewayS: Double
    /// `dock` (read over USB), `manual` (read off the screen by a keeper) or `import`.
    public var source: String
    /// The gateway set the device's clock right after this reading.
    public var clockSet: Bool
    public var note: String?
    public var recordedAt: Date
    public var actor: String
    /// At a dock reading: whether the gateway's clock was synchronised (kernel clock discipline); nil
    /// when not known (manual and imported readings, and dock readings made before it was recorded).
    public var gatewaySynchronised: Bool? = nil
    /// At a dock reading: the kernel's bound on the gateway clock's error, microseconds.
    public var gatewayMaxErrorMicroseconds: Int? = nil

    enum CodingKeys: String, CodingKey {
        case id
        case deviceSerial = "device_serial"
        case deviceTime = "device_time"
        case gatewayS = "gateway_s"
        case source
        case clockSet = "clock_set"
        case note
        case recordedAt = "recorded_at"
        case actor
        case gatewaySynchronised = "gateway_synchronised"
        case gatewayMaxErrorMicroseconds = "gateway_max_error_us"
    }
}

extension ClockObservationRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "clock_observation"
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}

/// A clock observation to record.
public struct NewClockObservation: Sendable, Hashable {
    public var deviceSerial: String
    public var deviceTime: String
    public var gatewayTime: Date
    public var source: String
    public var clockSet: Bool
    public var note: String?
    /// The gateway's clock at the reading (dock readings): synchronised or not, and its error bound.
    public var gatewaySynchronised: Bool?
    public var gatewayMaxErrorMicroseconds: Int?

    public init(deviceSerial: String, deviceTime: String, gatewayTime: Date, source: String, clockSet: Bool = false,
                note: String? = nil, gatewaySynchronised: Bool? = nil, gatewayMaxErrorMicroseconds: Int? = nil) {
        self.gatewaySynchronised = gatewaySynchronised
        self.gatewayMaxErrorMicroseconds = gatewayMaxErrorMicroseconds
        self.deviceSerial = deviceSerial
        self.deviceTime = deviceTime
        self.gatewayTime = gatewayTime
        self.source = source
        self.clockSet = clockSet
        self.note = note
    }
}
