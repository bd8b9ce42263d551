import DeviceKit
import Foundation

/// What the checker needs to know about one stored clip: who made it, its times as the device wrote
/// them, and its state in the store. The catalog fills it from `clip`, `clip_media` and the profile.
public struct ClipFacts: Sendable, Hashable, Codable {
    public var id: String
    /// The serial of the device that recorded it.
    public var device: String
    /// The officer (badge) number the device wrote into the name or its info file, if any.
    public var officer: String?
    /// The offload session that brought it in: a session sees the card as it was, so sequence holes are
    /// judged within a session (see `SequenceCheck`).
    public var session: String?
    public var sequence: Int?
    /// Locked on the device (never overwritten by loop recording).
    public var locked: Bool
    public var kind: RecordingKind
    /// The start in the file name, as the device wrote it.
    public var nameStart: LocalTimestamp?
    /// The container's creation_time digits as written (ISO BMFF says UTC; many recorders write their
    /// local wall-clock digits instead): `containerReading` says how to read them.
    public var containerStart: LocalTimestamp?
    /// How the device writes creation_time (learnt per device by the catalog).
    public var containerReading: CreationTimeReading
    /// The file system's modification time (FAT: 2-second resolution).
    public var fileTime: LocalTimestamp?
    /// Most recorders stamp the modification time at the end of the recording; a profile can say
    /// its devices stamp the start.
    public var fileTimeMarksEnd: Bool
    /// Seconds, from the packets or the container; nil when unknown (a truncated clip before recovery).
    public var duration: Double?
    public var integrity: ClipIntegrity
    /// Read back from the store and found equal to what was copied.
    public var verified: Bool
    /// The pre-event buffer of the device's profile, when the catalog knows it (else the policy's).
    public var preEventBuffer: Double?

    public init(
        id: String, device: String, officer: String? = nil, session: String? = nil, sequence: Int? = nil, locked: Bool = false,
        kind: RecordingKind = .video, nameStart: LocalTimestamp? = nil, containerStart: LocalTimestamp? = nil,
        fileTime: LocalTimestamp? = nil, fileTimeMarksEnd: Bool = true, duration: Double? = nil,
        integrity: ClipIntegrity = .ok, verified: Bool = true, preEventBuffer: Double? = nil,
        containerReading: CreationTimeReading = .localDigits
    ) {
        self.id = id
        self.device = device
        self.officer = officer
        self.session = session
        self.sequence = sequence
        self.locked = locked
        self.kind = kind
        self.nameStart = nameStart
        self.containerStart = containerStart
        self.fileTime = fileTime
        self.fileTimeMarksEnd = fileTimeMarksEnd
        self.duration = duration
        self.integrity = integrity
        self.verified = verified
        self.preEventBuffer = preEventBuffer
        self.containerReading = containerReading
    }

    enum CodingKeys: String, CodingKey {
        case id, device, officer, session, sequence, locked, kind
        case nameStart = "name_start"
        case containerStart = "container_start"
        case fileTime = "file_time"
        case fileTimeMarksEnd = "file_time_marks_end"
        case duration, integrity, verified
        case preEventBuffer = "pre_event_buffer"
        case containerReading = "container_reading"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), device: try c.decode(String.self, forKey: .device),
            officer: try c.decodeIfPresent(String.self, forKey: .officer), session: try c.decodeIfPresent(String.self, forKey: .session),
            sequence: try c.decodeIfPresent(Int.self, forKey: .sequence), locked: try c.decode(Bool.self, forKey: .locked),
            kind: try c.decode(RecordingKind.self, forKey: .kind),
            nameStart: try c.decodeIfPresent(LocalTimestamp.self, forKey: .nameStart),
            containerStart: try c.decodeIfPresent(LocalTimestamp.self, forKey: .containerStart),
            fileTime: try c.decodeIfPresent(LocalTimestamp.self, forKey: .fileTime),
            fileTimeMarksEnd: try c.decode(Bool.self, forKey: .fileTimeMarksEnd), duration: try c.decodeIfPresent(Double.self, forKey: .duration),
            integrity: try c.decode(ClipIntegrity.self, forKey: .integrity), verified: try c.decode(Bool.self, forKey: .verified),
            preEventBuffer: try c.decodeIfPresent(Double.self, forKey: .preEventBuffer),
            // Facts written before the field: the digits were read as wall-clock time.
            containerReading: try c.decodeIfPresent(CreationTimeReading.self, forKey: .containerReading) ?? .localDigits)
    }

    /// The span of device time the clip's readings cover (earliest start to latest end, every source
    /// counted): what a catalog indexes (two columns) for `ClipSource.clips(devices:officers:overlapping:)`.
    /// Nil when no reading is a calendar time.
    public func deviceSpan(in zone: TimeZone) -> DateInterval? {
        let readings = ClipReadings(self, clock: ZoneClock(zone: zone), tolerance: 0, preEventBuffer: 0)
        guard let lower = readings.candidates.map({ $0.start ?? $0.end }).min(), let upper = readings.candidates.map(\.end).max() else { return nil }
        return DateInterval(start: lower, end: max(lower, upper))
    }
}
