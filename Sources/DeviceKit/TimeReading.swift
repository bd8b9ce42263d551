import Foundation

/// Where a time about a recording came from. Each source has its own habits: most recorders stamp
/// the file system time at the end of the recording, while the file name carries the start.
public enum TimeSource: String, Codable, Sendable {
    case fileName = "file_name"
    case fileSystem = "file_system"
    case container
}

/// One time about a recording, as found and as understood.
public struct TimeReading: Sendable, Hashable, Codable {
    /// The value exactly as the source gave it (a file-name fragment, a FAT date-time).
    public var raw: String
    /// The wall-clock reading, when the raw value parses.
    public var local: LocalTimestamp?
    /// `local` read in `zone`; nil when the reading is not a real time.
    public var instant: Date?
    /// The zone `local` was read in (an IANA identifier).
    public var zone: String
    public var source: TimeSource

    public init(raw: String, local: LocalTimestamp?, zone: TimeZone, source: TimeSource) {
        self.raw = raw
        self.local = local
        self.instant = local?.instant(in: zone)
        self.zone = zone.identifier
        self.source = source
    }
}
