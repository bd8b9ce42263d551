import DeviceKit
import Foundation

/// Wall-clock readings ↔ instants in one zone, by arithmetic (no Calendar): the matcher converts every
/// clip it looks at, and a Calendar per conversion is slow.
struct ZoneClock: Sendable, Hashable {
    let zone: TimeZone

    /// The instant `reading` names, nil for a reading that is not a calendar time (month 13, …).
    /// A reading in a daylight-saving gap or overlap takes the zone's offset at that instant.
    func instant(_ reading: LocalTimestamp) -> Date? {
        guard (1...12).contains(reading.month), reading.day >= 1,
              reading.day <= CivilDate.daysIn(month: reading.month, year: reading.year),
              (0...23).contains(reading.hour), (0...59).contains(reading.minute), (0...59).contains(reading.second),
              reading.year >= 1900, reading.year <= 9999 else { return nil }
        let days = Int(CivilDate.days(year: Int64(reading.year), month: Int64(reading.month), day: Int64(reading.day)))
        let local = Double(days * 86_400 + reading.hour * 3600 + reading.minute * 60 + reading.second)
        let first = zone.secondsFromGMT(for: Date(timeIntervalSince1970: local))
        let second = zone.secondsFromGMT(for: Date(timeIntervalSince1970: local - Double(first)))
        return Date(timeIntervalSince1970: local - Double(second))
    }

    /// `date` on a wall clock in the zone, with a fraction when there is one:
    /// `2026-11-03T09:30:15` or `2026-11-03T09:30:15.4`.
    func text(_ date: Date) -> String {
        let full = RFC3339.string(date, in: zone)
        // Drop the offset: a device reading has none.
        if let end = full.lastIndex(where: { $0 == "+" || $0 == "-" || $0 == "Z" }), full.distance(from: full.startIndex, to: end) >= 19 {
            return String(full[..<end])
        }
        return full
    }

    /// `2026-11-03 09:30:15` for explanations (whole seconds).
    func short(_ date: Date) -> String {
        // Character by character: Foundation's replacingOccurrences goes through NSString, and every
        // finding's explanation formats a few times.
        String(text(date).prefix(19).map { $0 == "T" ? " " : $0 })
    }
}
