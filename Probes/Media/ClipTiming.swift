import DeviceKit
import Foundation

/// A clip's times from each source that has one, compared: duration from the container against
/// duration from packet times; the container's creation_time against the start in the file name;
/// the file system time (the end, for most recorders) against each start plus the duration.
public struct ClipTiming: Sendable, Hashable, Codable {
    public var containerDuration: Double?
    public var packetDuration: Double?
    /// The container's creation_time (a start, by the MP4 standard; UTC by the standard, though many
    /// recorders write local time).
    public var creationTime: Date?
    /// The start the device wrote into the file name, as the caller read it.
    public var nameStart: Date?
    /// The file's modification time.
    public var fileTime: Date?
    public var tolerance: TimingTolerance
    public var findings: [TimingFinding]
    /// How the creation_time reads, when a zone was given and the clip's other times tell: `utc` (as the
    /// MP4 standard says) or `local_digits` (the device's wall-clock digits written as UTC, a zone's
    /// offset from the name). Either is how a recorder writes, not a finding; the catalog learns it per
    /// device. Nil when unknown.
    public var creationTimeReading: String?

    /// Compares what is known; `duration` for the derived ends is the packets' span when there are
    /// packets (what was recorded), else the container's.
    /// With `zone` (the device's), a creation_time a whole zone offset from the other times is read as
    /// local digits and compared so.
    public init(
        containerDuration: Double?, packetDuration: Double?, creationTime: Date?, nameStart: Date?,
        fileTime: Date?, tolerance: TimingTolerance = .standard, zone: TimeZone? = nil
    ) {
        self.containerDuration = containerDuration
        self.packetDuration = packetDuration
        self.creationTime = creationTime
        self.nameStart = nameStart
        self.fileTime = fileTime
        self.tolerance = tolerance
        findings = []

        if let containerDuration, let packetDuration {
            compare(.durationMismatch, TimingValue(source: "container_duration", seconds: containerDuration),
                    TimingValue(source: "packet_duration", seconds: packetDuration), tolerance: tolerance.seconds)
        }
        // The creation time as the device meant it: its digits as wall-clock time when they, and not the
        // UTC reading, agree with the name (else with the file time less the duration).
        var creationTime = creationTime
        if let written = creationTime, let zone {
            let digits = written.addingTimeInterval(-Double(zone.secondsFromGMT(for: written)))
            let end = fileTime.flatMap { time in (packetDuration ?? containerDuration).map { time.addingTimeInterval(-$0) } }
            if let reference = nameStart ?? end, digits != written {
                let slack = tolerance.seconds + (nameStart == nil ? tolerance.fileSystemResolution : 0)
                if abs(written.timeIntervalSince(reference)) <= slack {
                    creationTimeReading = "utc"
                } else if abs(digits.timeIntervalSince(reference)) <= slack {
                    creationTimeReading = "local_digits"
                    creationTime = digits
                }
            }
        }
        if let creationTime, let nameStart {
            compare(.startMismatch, TimingValue(source: "container_creation_time", time: creationTime),
                    TimingValue(source: "file_name_start", time: nameStart), tolerance: tolerance.seconds)
        }
        let duration = packetDuration ?? containerDuration
        if let fileTime, let duration {
            let mtime = TimingValue(source: "file_system_mtime", time: fileTime)
            let fileTolerance = tolerance.seconds + tolerance.fileSystemResolution
            if let creationTime {
                compare(.endMismatch, mtime,
                        TimingValue(source: "container_creation_time+duration", time: creationTime.addingTimeInterval(duration)),
                        tolerance: fileTolerance,
                        endStampedAsStart: abs(fileTime.timeIntervalSince(creationTime)) <= fileTolerance ? "container creation_time" : nil)
            }
            if let nameStart {
                compare(.endMismatch, mtime,
                        TimingValue(source: "file_name_start+duration", time: nameStart.addingTimeInterval(duration)),
                        tolerance: fileTolerance,
                        endStampedAsStart: abs(fileTime.timeIntervalSince(nameStart)) <= fileTolerance ? "file name" : nil)
            }
        }
    }

    private mutating func compare(
        _ kind: TimingFinding.Kind, _ first: TimingValue, _ second: TimingValue, tolerance: Double,
        endStampedAsStart: String? = nil
    ) {
        let difference = first.number - second.number
        guard abs(difference) > tolerance else { return }
        var note: String?
        if let endStampedAsStart {
            note = "the \(endStampedAsStart) time matches the end of the recording, not its start"
        } else if kind != .durationMismatch {
            let hours = (difference / 3600).rounded()
            if hours != 0, abs(difference - hours * 3600) <= tolerance {
                note = "a whole number of hours (\(Int(hours)) h): a time zone applied on one side only?"
            }
        }
        findings.append(TimingFinding(kind: kind, first: first, second: second, difference: difference, tolerance: tolerance, note: note))
    }

    enum CodingKeys: String, CodingKey {
        case containerDuration = "container_duration"
        case packetDuration = "packet_duration"
        case creationTime = "creation_time"
        case nameStart = "name_start"
        case fileTime = "file_time"
        case tolerance, findings
        case creationTimeReading = "creation_time_reading"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        containerDuration = try c.decodeIfPresent(Double.self, forKey: .containerDuration)
        packetDuration = try c.decodeIfPresent(Double.self, forKey: .packetDuration)
        creationTime = try c.decodeRFC3339(forKey: .creationTime)
        nameStart = try c.decodeRFC3339(forKey: .nameStart)
        fileTime = try c.decodeRFC3339(forKey: .fileTime)
        tolerance = try c.decode(TimingTolerance.self, forKey: .tolerance)
        findings = try c.decode([TimingFinding].self, forKey: .findings)
        creationTimeReading = try c.decodeIfPresent(String.self, forKey: .creationTimeReading)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(containerDuration, forKey: .containerDuration)
        try c.encode(packetDuration, forKey: .packetDuration)
        try c.encodeRFC3339(creationTime, forKey: .creationTime)
        try c.encodeRFC3339(nameStart, forKey: .nameStart)
        try c.encodeRFC3339(fileTime, forKey: .fileTime)
        try c.encode(tolerance, forKey: .tolerance)
        try c.encode(findings, forKey: .findings)
        try c.encodeIfPresent(creationTimeReading, forKey: .creationTimeReading)
    }
}
