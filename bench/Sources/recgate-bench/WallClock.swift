import DeviceKit
import Foundation

/// Times as the benchmark's catalog writes them, by integer arithmetic (a formatter per row would
/// dominate the load). Device clocks are China Standard Time (UTC+8, no daylight saving), as the
/// catalog's default zone.
enum WallClock {
    static let zone = "Asia/Shanghai"
    static let zoneOffset: Int64 = 8 * 3600

    /// Days since 1970-01-01 of a civil date (proleptic Gregorian).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        CivilDate.days(year: year, month: month, day: day)
    }

    /// The civil date and time of `seconds` since 1970-01-01T00:00 (no zone applied).
    static func fields(_ seconds: Int64) -> (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64) {
        let (days, secondOfDay) = CivilDate.split(seconds)
        let (year, month, day) = CivilDate.date(fromDays: days)
        return (year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The catalog's form of an instant: `2026-01-05T00:30:00.000Z` (UTC, milliseconds).
    static func catalogText(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : -((-milliseconds + 999) / 1000)
        let f = fields(seconds)
        return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2))."
            + pad(milliseconds - seconds * 1000, 3) + "Z"
    }

    /// A wall-clock reading in the zone of the instant `date` names there, in one of the forms devices
    /// and the catalog use.
    enum Form {
        /// `20260105083012` (file names)
        case compact
        /// `2026-01-05 08:30:12` (FAT times as the driver reads them)
        case spaced
        /// `2026-01-05T08:30:12` (clock readings)
        case local
    }

    static func reading(_ date: Date, _ form: Form) -> String {
        let f = fields(Int64(date.timeIntervalSince1970.rounded(.down)) + zoneOffset)
        switch form {
        case .compact:
            return pad(f.year, 4) + pad(f.month, 2) + pad(f.day, 2) + pad(f.hour, 2) + pad(f.minute, 2) + pad(f.second, 2)
        case .spaced:
            return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2)) \(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2))"
        case .local:
            return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2))"
        }
    }

    /// Midnight in the zone, `day` days after 2026-01-05 (a Monday).
    static func midnight(day: Int) -> Double {
        Double((days(year: 2026, month: 1, day: 5) + Int64(day)) * 86_400 - zoneOffset)
    }
}
