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

extension ClipTimeRow {
    /// The span a clip's readings cover on its device's clock, from the clip row and its latest media
    /// facts: what the catalog stores for the clip (a bulk loader computes it here too). Nil when the
    /// clip has no reading at all and cannot be placed in time.
    ///
    /// The span covers every reading the clip has, so that whichever one compliance trusts lies
    /// inside it: the time in the file name, the file-system time and that time less the duration
    /// (recorders stamp the end), and the container's creation time as the wall-clock reading its
    /// digits name in the clip's zone, each start extended by the duration.
    ///
    /// The creation time is read the way the clip's other readings support (``ContainerTimeReading``):
    /// as UTC when it agrees with them so, else its digits as wall-clock time. Catalog v4 put both
    /// readings into every span, which made every span of a UTC+8 recorder eight hours long and every
    /// interval query read eight hours of clips (v5 kept the digits only; v8 the supported reading). A
    /// clip with no other reading keeps both: nothing tells which the checker will use.
    public init?(clip: ClipRow, deviceSerial: String, media: ClipMediaRow?) {
        let duration = media?.duration.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } ?? 0
        var starts: [(Date, String)] = []
        if let name = clip.nameStart { starts.append((name, "name")) }
        if let fs = clip.fsMtime, duration > 0 { starts.append((fs.addingTimeInterval(-duration), "fs_minus_duration")) }
        if let created = media?.creationTime {
            let zone = TimeZone(identifier: clip.timeZone) ?? TimeZone(identifier: "UTC")!
            let digits = created.addingTimeInterval(-Double(zone.secondsFromGMT(for: created)))
            // The reading the clip's other times support (a device writing true UTC gives the digits
            // read as UTC); with none to compare, or neither supported, the digits as before. Both
            // readings in the span would make every span of a UTC-writing device hours long.
            let references = ContainerTimeReading.references(clip: clip, duration: duration)
            let reading = ContainerTimeReading.supported(created: created, references: references, zone: zone)
            starts.append((reading == .utc ? created : digits, "container"))
            if references.isEmpty, created != digits { starts.append((created, "container_utc")) }
        }
        if let fs = clip.fsMtime { starts.append((fs, "fs")) }
        guard let first = starts.first else { return nil }
        let lower = starts.map(\.0).min()!
        let upper = starts.map { $0.0.addingTimeInterval(duration) }.max()!
        self.init(clipID: clip.id, deviceSerial: deviceSerial, officer: clip.officer,
                  startS: Int64(lower.timeIntervalSince1970.rounded(.down)),
                  endS: Int64(upper.timeIntervalSince1970.rounded(.up)), startSource: first.1, sequence: clip.sequence,
                  sessionID: clip.sessionID)
    }
}
