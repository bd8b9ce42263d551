import Foundation
import GRDB

/// Who carried which device when (table `custody`). Times are Unix seconds; `toS` is nil while it lasts.
public struct CustodyRow: Codable, Sendable, Hashable {
    public var id: String
    public var officer: String
    public var deviceSerial: String
    public var fromS: Int64
    public var toS: Int64?
    /// `file:<name>`, `dock`, `dashboard`, …
    public var source: String
    public var recordedAt: Date
    public var actor: String

    enum CodingKeys: String, CodingKey {
        case id, officer
        case deviceSerial = "device_serial"
        case fromS = "from_s"
        case toS = "to_s"
        case source
        case recordedAt = "recorded_at"
        case actor
    }
}

extension CustodyRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "custody"
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}

/// One custody period to record.
public struct NewCustody: Sendable, Hashable {
    public var officer: String
    public var deviceSerial: String
    public var from: Date
    public var to: Date?

    public init(officer: String, deviceSerial: String, from: Date, to: Date?) {
        self.officer = officer
        self.deviceSerial = deviceSerial
        self.from = from
        self.to = to
    }
}

/// What a custody import did.
public struct CustodyImportResult: Sendable, Hashable, Codable {
    public var added = 0
    /// Periods already known whose end was set or changed.
    public var updated = 0
    public var unchanged = 0
    public init() {}
}
