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
    /// The creation time's digits are read as wall-clock time whichever way the recorder wrote them
    /// (most write local time into a field ISO BMFF calls UTC; compliance reads the digits so, and a
    /// recorder writing true UTC shows as a disagreement with the name). The same digits read as UTC
    /// are a reading nobody uses: catalog v4 put that too into the span, which made every span of a
    /// UTC+8 recorder eight hours long and every interval query read eight hours of clips
    /// (migration v5 recomputes them).
    public init?(clip: ClipRow, deviceSerial: String, media: ClipMediaRow?) {
        let duration = media?.duration.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } ?? 0
        var starts: [(Date, String)] = []
        if let name = clip.nameStart { starts.append((name, "name")) }
        if let fs = clip.fsMtime, duration > 0 { starts.append((fs.addingTimeInterval(-duration), "fs_minus_duration")) }
        if let created = media?.creationTime {
            let zone = TimeZone(identifier: clip.timeZone) ?? TimeZone(identifier: "UTC")!
            starts.append((created.addingTimeInterval(-Double(zone.secondsFromGMT(for: created))), "container"))
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
