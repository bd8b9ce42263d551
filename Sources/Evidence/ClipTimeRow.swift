import Foundation
import GRDB

/// A clip's start and end on its device's clock, uncorrected (table `clip_time`): the index that
/// matching steps to clips queries by interval. Compliance corrects these times; the catalog only
/// keeps what the device said.
public struct ClipTimeRow: Codable, Sendable, Hashable {
    public var clipID: String
    public var deviceSerial: String
    public var officer: String?
    /// Unix seconds of the device-clock start, read in the clip's time zone.
    public var startS: Int64
    public var endS: Int64
    /// Where the start came from: `name`, `fs_minus_duration`, `container` or `fs`.
    public var startSource: String
    public var sequence: Int?

    public init(clipID: String, deviceSerial: String, officer: String?, startS: Int64, endS: Int64,
                startSource: String, sequence: Int?) {
        self.clipID = clipID
        self.deviceSerial = deviceSerial
        self.officer = officer
        self.startS = startS
        self.endS = endS
        self.startSource = startSource
        self.sequence = sequence
    }

    enum CodingKeys: String, CodingKey {
        case clipID = "clip_id"
        case deviceSerial = "device_serial"
        case officer
        case startS = "start_s"
        case endS = "end_s"
        case startSource = "start_source"
        case sequence
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
