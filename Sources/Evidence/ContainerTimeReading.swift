import Foundation

/// How a device writes an MP4/MOV `creation_time`: ISO BMFF says UTC, and many recorders follow it;
/// many others write their local wall-clock digits into the field as if they were UTC. One clip shows
/// which when its container time agrees with its other readings (the name's start, the file system's
/// first frame) under one reading and not the other.
public enum ContainerTimeReading: String, Sendable, Hashable, Codable {
    /// The digits are UTC: the device's wall clock is the digits moved by the zone's offset.
    case utc
    /// The digits are the device's wall clock.
    case localDigits = "local_digits"

    /// How far a clip's container time may be from its other readings and still support a reading:
    /// the pre-event buffer a recorder's name may carry (30 s by default) with the sources' tolerance
    /// and resolutions, rounded up. Far below any zone offset that tells the readings apart.
    public static let tolerance: Double = 60

    /// The reading one clip supports, nil when it supports neither or both (a zone at UTC, readings that
    /// disagree by more than either explains, no other reading to compare with).
    ///
    /// `created` is the creation_time as stored (its digits read as UTC); `references` are the clip's
    /// other starts on the device's clock, as instants in `zone` (how the catalog stores them).
    public static func supported(created: Date, references: [Date], zone: TimeZone) -> ContainerTimeReading? {
        let offset = Double(zone.secondsFromGMT(for: created))
        guard abs(offset) > 2 * tolerance, !references.isEmpty else { return nil }
        let asUTC = created, asDigits = created.addingTimeInterval(-offset)
        let utc = references.contains { abs($0.timeIntervalSince(asUTC)) <= tolerance }
        let digits = references.contains { abs($0.timeIntervalSince(asDigits)) <= tolerance }
        switch (utc, digits) {
        case (true, false): return .utc
        case (false, true): return .localDigits
        default: return nil
        }
    }

    /// A clip's other starts, for ``supported(created:references:zone:)``: the name's start and the
    /// file system time less the duration (recorders stamp the end).
    static func references(clip: ClipRow, duration: Double?) -> [Date] {
        var references: [Date] = []
        if let name = clip.nameStart { references.append(name) }
        if let fs = clip.fsMtime, let duration, duration.isFinite, duration > 0 { references.append(fs.addingTimeInterval(-duration)) }
        return references
    }
}
