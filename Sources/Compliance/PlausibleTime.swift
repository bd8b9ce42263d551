import DeviceKit
import Foundation

/// The range every time given as input must lie in: case steps, custody periods, clock readings, the
/// times of `clock record` and `case report --since`. 2000-01-01 to 2100-01-01 (UTC for instants; a
/// device reading is its own wall-clock date). A year typed as 2062 for 2026 or 1926 is refused here
/// rather than checked against recordings decades away.
///
/// Device data is not input: a recorder whose clock was reset stamps its files 2000-01-01, and those
/// times are kept and flagged by the clock model, not refused. A reading of such a clock lies in the range.
public enum PlausibleTime {
    /// 2000-01-01T00:00:00Z.
    public static let earliest = Date(timeIntervalSince1970: 946_684_800)
    /// 2100-01-01T00:00:00Z, excluded.
    public static let end = Date(timeIntervalSince1970: 4_102_444_800)

    /// Why `date` is outside the range, or nil.
    public static func problem(_ date: Date) -> String? {
        guard date < earliest || date >= end else { return nil }
        return "\(RFC3339.string(date)) is outside the plausible range of times, 2000-01-01 to 2100-01-01"
    }

    /// Why a device's wall-clock reading is outside the range, or nil.
    public static func problem(_ reading: LocalTimestamp) -> String? {
        guard reading.year < 2000 || reading.year >= 2100 else { return nil }
        return "\(reading) is outside the plausible range of times, 2000-01-01 to 2100-01-01"
    }
}
