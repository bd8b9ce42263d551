import Foundation
import GRDB

/// One time a recording — a file at a path on a device — was seen and its bytes verified
/// in the store, the first time included. Table `sighting`.
///
/// Unique on (device, source path, size, raw mtime, clip): seeing the same file again on a
/// later dock finds this row instead of adding one (``Catalog/findSighting(deviceID:sourcePath:size:fsMtimeRaw:)``).
public struct SightingRow: Codable, Sendable, Hashable, Identifiable {
    /// A UUID, global across gateways.
    public var id: String
    public var clipID: String
    public var deviceID: String
    /// The session that saw it.
    public var sessionID: String
    /// Its path on the device volume, relative to the volume root.
    public var sourcePath: String
    public var size: Int64
    /// The file-system modification time as found.
    public var fsMtimeRaw: String
    public var seenAt: Date
    /// When the device's copy was deleted, after verification; `nil` while it is on the device.
    public var releasedAt: Date?

    public init(
        id: String, clipID: String, deviceID: String, sessionID: String, sourcePath: String,
        size: Int64, fsMtimeRaw: String, seenAt: Date, releasedAt: Date?
    ) {
        self.id = id
        self.clipID = clipID
        self.deviceID = deviceID
        self.sessionID = sessionID
        self.sourcePath = sourcePath
        self.size = size
        self.fsMtimeRaw = fsMtimeRaw
        self.seenAt = seenAt
        self.releasedAt = releasedAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case clipID = "clip_id"
        case deviceID = "device_id"
        case sessionID = "session_id"
        case sourcePath = "source_path"
        case size
        case fsMtimeRaw = "fs_mtime_raw"
        case seenAt = "seen_at"
        case releasedAt = "released_at"
    }

    /// The table's columns, for requests (`filter`, `order`).
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let clipID = Column(CodingKeys.clipID)
        public static let deviceID = Column(CodingKeys.deviceID)
        public static let sessionID = Column(CodingKeys.sessionID)
        public static let sourcePath = Column(CodingKeys.sourcePath)
        public static let size = Column(CodingKeys.size)
        public static let fsMtimeRaw = Column(CodingKeys.fsMtimeRaw)
        public static let seenAt = Column(CodingKeys.seenAt)
        public static let releasedAt = Column(CodingKeys.releasedAt)
    }
}

extension SightingRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sighting"

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}
