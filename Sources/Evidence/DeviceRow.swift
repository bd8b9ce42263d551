import Foundation
import GRDB

/// A recorder, camera or terminal the gateway has seen. Table `device`.
public struct DeviceRow: Codable, Sendable, Hashable, Identifiable {
    /// A UUID, global across gateways.
    public var id: String
    /// The device's serial number, or a synthetic one the caller made up. Unique.
    public var serial: String
    public var model: String?
    /// The driver profile that handled it.
    public var profile: String
    public var firstSeen: Date
    public var lastSeen: Date

    public init(id: String, serial: String, model: String?, profile: String, firstSeen: Date, lastSeen: Date) {
        self.id = id
        self.serial = serial
        self.model = model
        self.profile = profile
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }

    enum CodingKeys: String, CodingKey {
        case id, serial, model, profile
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
    }

    /// The table's columns, for requests (`filter`, `order`).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let serial = Column(CodingKeys.serial)
        public static let model = Column(CodingKeys.model)
        public static let profile = Column(CodingKeys.profile)
        public static let firstSeen = Column(CodingKeys.firstSeen)
        public static let lastSeen = Column(CodingKeys.lastSeen)
    }
}

extension DeviceRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "device"

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}
