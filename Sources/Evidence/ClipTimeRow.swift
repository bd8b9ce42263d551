import Foundation
import GRDB

/// The span of device-clock time a clip's readings cover, uncorrected (table `clip_time`): the index
/// that matching steps to clips queries by interval. Compliance picks and corrects the readings; the
/// catalog only keeps a span that holds all of them.
public struct ClipTimeRow: Codable, Sendable, Hashable {
    public var clipID: String
    public var deviceSerial: String
    public var officer: String?
    /// Unix seconds: the earliest reading of the start, on the device's clock read in the clip's zone.
    public var startS: Int64
    /// The latest reading of the end.
    public var endS: Int64
    /// The reading the catalog prefers for the start: `name`, `fs_minus_duration`, `container` or `fs`.
    public var startSource: String
    public var sequence: Int?
    /// The offload session that first stored the clip.
    public var sessionID: String

    public init(clipID: String, deviceSerial: String, officer: String?, startS: Int64, endS: Int64,
                startSource: String, sequence: Int?, sessionID: String) {
        self.clipID = clipID
        self.deviceSerial = deviceSerial
        self.officer = officer
        self.startS = startS
        self.endS = endS
        self.startSource = startSource
        self.sequence = sequence
        self.sessionID = sessionID
    }

    enum CodingKeys: String, CodingKey {
        case clipID = "clip_id"
        case deviceSerial = "device_serial"
        case officer
        case startS = "start_s"
        case endS = "end_s"
        case startSource = "start_source"
        case sequence
        case sessionID = "session_id"
    }

    public enum Columns {
        public static let clipID = Column(CodingKeys.clipID)
        public static let deviceSerial = Column(CodingKeys.deviceSerial)
        public static let officer = Column(CodingKeys.officer)
        public static let startS = Column(CodingKeys.startS)
        public static let endS = Column(CodingKeys.endS)
    }
}

extension ClipTimeRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "clip_time"
}
