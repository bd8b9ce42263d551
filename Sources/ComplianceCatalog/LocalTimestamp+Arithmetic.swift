import DeviceKit
import Foundation

extension LocalTimestamp {
    /// The reading `date` gives on a wall clock in `zone`, by arithmetic. `LocalTimestamp(_:in:)` asks a
    /// `Calendar`, which costs more than the rest of reading a clip from the catalog; matching converts
    /// three readings of every clip it looks at.
    init(catalogDate date: Date, in zone: TimeZone) {
        let local = Int64((date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))).rounded(.down))
        let (days, second) = CivilDate.split(local)
        let (year, month, day) = CivilDate.date(fromDays: days)
        self.init(year: Int(year), month: Int(month), day: Int(day), hour: Int(second / 3600), minute: Int(second / 60 % 60),
                  second: Int(second % 60))
    }

    /// True when every field is in its calendar range: what `isValid` says, without a `Calendar`.
    var isCalendarTime: Bool {
        guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              year >= 1970, year <= 9999, day >= 1 else { return false }
        return day <= CivilDate.daysIn(month: month, year: year)
    }
}
