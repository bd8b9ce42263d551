import DeviceKit
import Foundation

/// One side of a timing comparison: a time or a length, and where it came from.
public struct TimingValue: Sendable, Hashable, Codable {
    /// Where the value came from. The sources a probe uses:
    /// `container_duration`, `packet_duration` (last packet end minus first packet start),
    /// `container_creation_time` (the container's creation_time tag: the start),
    /// `file_name_start` (the start the device wrote into the file name),
    /// `file_system_mtime` (for most recorders, the end of the recording), and the derived ends
    /// `container_creation_time+duration` and `file_name_start+duration`.
    public var source: String
    /// A time (for clock comparisons)…
    public var time: Date?
    /// …or a length in seconds (for duration comparisons).
    public var seconds: Double?

    public init(source: String, time: Date) {
        self.source = source
        self.time = time
    }

    public init(source: String, seconds: Double) {
        self.source = source
        self.seconds = seconds
    }

    /// The value as seconds since 1970 for times, or the length.
    var number: Double { time?.timeIntervalSince1970 ?? seconds ?? 0 }

    enum CodingKeys: String, CodingKey { case source, time, seconds }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decode(String.self, forKey: .source)
        time = try c.decodeRFC3339(forKey: .time)
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        if let time { try c.encodeRFC3339(time, forKey: .time) }
        try c.encodeIfPresent(seconds, forKey: .seconds)
    }
}
