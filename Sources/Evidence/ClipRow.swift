import Foundation
import GRDB

/// One distinct stored recording: one row per sha256. Table `clip`.
///
/// The device, session and source fields describe the *first* sighting; every sighting,
/// the first included, is a ``SightingRow``.
public struct ClipRow: Codable, Sendable, Hashable, Identifiable {
    /// A UUID, global across gateways.
    public var id: String
    /// Lowercase hex SHA-256 of the bytes; unique; names the object in the store.
    public var sha256: String
    /// Lowercase hex SM3 (GB/T 32905) of the bytes, when computed.
    public var sm3: String?
    public var size: Int64
    /// `video`, `audio`, `photo`, … as the driver classified it.
    public var kind: String
    /// The object's path in the store.
    public var storePath: String
    public var status: ClipStatus
    /// The device it was first seen on.
    public var deviceID: String
    /// The session that first stored it.
    public var sessionID: String
    /// Its path on the device volume, relative to the volume root.
    public var sourcePath: String
    public var sourceName: String
    /// The file-system modification time as found (FAT: local wall-clock, no zone).
    public var fsMtimeRaw: String
    /// `fsMtimeRaw` read in `timeZone`, when it could be.
    public var fsMtime: Date?
    /// The start time written in the file name, as found.
    public var nameStartRaw: String?
    public var nameStart: Date?
    /// The zone the raw wall-clock values were read in, e.g. `Asia/Shanghai` or `+08:00`.
    public var timeZone: String
    /// The device serial written in the file name, if any.
    public var serialFromName: String?
    /// The officer (police number) written in the file name or device info, if any.
    public var officer: String?
    public var sequence: Int?
    /// Whether the device marked the recording as important/locked.
    public var locked: Bool
    public var createdAt: Date
    public var verifiedAt: Date

    public init(
        id: String, sha256: String, sm3: String?, size: Int64, kind: String, storePath: String,
        status: ClipStatus, deviceID: String, sessionID: String, sourcePath: String, sourceName: String,
        fsMtimeRaw: String, fsMtime: Date?, nameStartRaw: String?, nameStart: Date?, timeZone: String,
        serialFromName: String?, officer: String?, sequence: Int?, locked: Bool,
        createdAt: Date, verifiedAt: Date
    ) {
        self.id = id
        self.sha256 = sha256
        self.sm3 = sm3
        self.size = size
        self.kind = kind
        self.storePath = storePath
        self.status = status
        self.deviceID = deviceID
        self.sessionID = sessionID
        self.sourcePath = sourcePath
        self.sourceName = sourceName
        self.fsMtimeRaw = fsMtimeRaw
        self.fsMtime = fsMtime
        self.nameStartRaw = nameStartRaw
        self.nameStart = nameStart
        self.timeZone = timeZone
        self.serialFromName = serialFromName
        self.officer = officer
        self.sequence = sequence
        self.locked = locked
        self.createdAt = createdAt
        self.verifiedAt = verifiedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, sha256, sm3, size, kind
        case storePath = "store_path"
        case status
        case deviceID = "device_id"
        case sessionID = "session_id"
        case sourcePath = "source_path"
        case sourceName = "source_name"
        case fsMtimeRaw = "fs_mtime_raw"
        case fsMtime = "fs_mtime"
        case nameStartRaw = "name_start_raw"
        case nameStart = "name_start"
        case timeZone = "time_zone"
        case serialFromName = "serial_from_name"
        case officer, sequence, locked
        case createdAt = "created_at"
        case verifiedAt = "verified_at"
    }

    /// The table's columns, for requests (`filter`, `order`).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let sha256 = Column(CodingKeys.sha256)
        public static let sm3 = Column(CodingKeys.sm3)
        public static let size = Column(CodingKeys.size)
        public static let kind = Column(CodingKeys.kind)
        public static let storePath = Column(CodingKeys.storePath)
        public static let status = Column(CodingKeys.status)
        public static let deviceID = Column(CodingKeys.deviceID)
        public static let sessionID = Column(CodingKeys.sessionID)
        public static let sourcePath = Column(CodingKeys.sourcePath)
        public static let sourceName = Column(CodingKeys.sourceName)
        public static let fsMtimeRaw = Column(CodingKeys.fsMtimeRaw)
        public static let fsMtime = Column(CodingKeys.fsMtime)
        public static let nameStartRaw = Column(CodingKeys.nameStartRaw)
        public static let nameStart = Column(CodingKeys.nameStart)
        public static let timeZone = Column(CodingKeys.timeZone)
        public static let serialFromName = Column(CodingKeys.serialFromName)
        public static let officer = Column(CodingKeys.officer)
        public static let sequence = Column(CodingKeys.sequence)
        public static let locked = Column(CodingKeys.locked)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let verifiedAt = Column(CodingKeys.verifiedAt)
    }
}

extension ClipRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "clip"

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}
