import Foundation
import GRDB

/// One offload of one device volume. Table `offload_session`.
public struct SessionRow: Codable, Sendable, Hashable, Identifiable {
    /// A UUID, global across gateways.
    public var id: String
    public var deviceID: String
    /// The volume's path as given (a mount point, an image file, a device name).
    public var volume: String
    /// The gateway's host name.
    public var host: String
    /// Who or what started the offload (a user name, `dock:3`, …).
    public var actor: String
    public var startedAt: Date
    public var endedAt: Date?
    public var status: SessionStatus
    /// Recordings stored as new objects.
    public var stored: Int
    /// Recordings whose bytes were in the store already.
    public var alreadyStored: Int
    public var failed: Int
    public var error: String?

    public init(
        id: String, deviceID: String, volume: String, host: String, actor: String,
        startedAt: Date, endedAt: Date?, status: SessionStatus,
        stored: Int, alreadyStored: Int, failed: Int, error: String?
    ) {
        self.id = id
        self.deviceID = deviceID
        self.volume = volume
        self.host = host
        self.actor = actor
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.stored = stored
        self.alreadyStored = alreadyStored
        self.failed = failed
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case id
        case deviceID = "device_id"
        case volume, host, actor
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case status, stored
        case alreadyStored = "already_stored"
        case failed, error
    }

    /// The table's columns, for requests (`filter`, `order`).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let deviceID = Column(CodingKeys.deviceID)
        public static let volume = Column(CodingKeys.volume)
        public static let host = Column(CodingKeys.host)
        public static let actor = Column(CodingKeys.actor)
        public static let startedAt = Column(CodingKeys.startedAt)
        public static let endedAt = Column(CodingKeys.endedAt)
        public static let status = Column(CodingKeys.status)
        public static let stored = Column(CodingKeys.stored)
        public static let alreadyStored = Column(CodingKeys.alreadyStored)
        public static let failed = Column(CodingKeys.failed)
        public static let error = Column(CodingKeys.error)
    }
}

extension SessionRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "offload_session"

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}
