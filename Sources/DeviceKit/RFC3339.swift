import DeviceKit
import Foundation

/// RFC 3339 times, strictly: `2026-11-03T09:30:00+08:00`, with an optional fraction and a UTC offset
/// (`Z` or `±hh:mm`) that must be there. Case files come from another system; a time without an offset
/// would have to be guessed, so it is refused rather than read in some zone. The one home of the format:
/// the catalog's times (``catalogString(from:)``, UTC to the millisecond, text that sorts in time order)
/// and the documents' (``string(_:in:)``, in a zone) are written here and read back by the same parser.
///
/// Parsed by hand (no Calendar, no formatter): it is exact, fast for large files and has no
/// locale or shared state.
public enum RFC3339 {
    /// The instant, or a sentence saying what is wrong with the text.
    public static func parse(_ text: String) -> Result<Date, RFC3339Problem> {
        let t = ASCIIDigits(text)
        let b = t.bytes
        func digits(_ at: Int, _ count: Int) -> Int? { t.number(at: at, count: count) }
        func byte(_ at: Int) -> UInt8? { t.byte(at) }
        let shape = RFC3339Problem("\"\(text)\" is not an RFC 3339 time like 2026-11-03T09:30:00+08:00")
        guard let year = digits(0, 4), byte(4) == UInt8(ascii: "-"), let month = digits(5, 2), byte(7) == UInt8(ascii: "-"),
              let day = digits(8, 2), let t = byte(10), t == UInt8(ascii: "T") || t == UInt8(ascii: "t") || t == UInt8(ascii: " "),
              let hour = digits(11, 2), byte(13) == UInt8(ascii: ":"), let minute = digits(14, 2), byte(16) == UInt8(ascii: ":"),
              let second = digits(17, 2)
        else { return .failure(shape) }
        var at = 19
        var fraction = 0.0
        if byte(at) == UInt8(ascii: ".") {
            at += 1
            var scale = 0.1
            let first = at
            while let d = byte(at), d >= 0x30 && d <= 0x39 {
                fraction += Double(d - 0x30) * scale
                scale /= 10
                at += 1
            }
            guard at > first else { return .failure(shape) }
        }
        let offset: Int
        switch byte(at) {
        case nil:
            return .failure(RFC3339Problem("\"\(text)\" has no UTC offset (add Z or +08:00)"))
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            offset = 0
            at += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let oh = digits(at + 1, 2), byte(at + 3) == UInt8(ascii: ":"), let om = digits(at + 4, 2) else { return .failure(shape) }
            guard oh <= 23, om <= 59 else { return .failure(RFC3339Problem("\"\(text)\" has an impossible UTC offset")) }
            offset = (oh * 3600 + om * 60) * (b[at] == UInt8(ascii: "-") ? -1 : 1)
            at += 6
        default:
            return .failure(shape)
        }
        guard at == b.count else { return .failure(shape) }
        guard (1...12).contains(month) else { return .failure(RFC3339Problem("\"\(text)\": there is no month \(month)")) }
        guard day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
            return .failure(RFC3339Problem("\"\(text)\": month \(month) of \(year) has no day \(day)"))
        }
        guard hour <= 23, minute <= 59 else { return .failure(RFC3339Problem("\"\(text)\": the time of day is impossible")) }
        // Leap seconds exist in RFC 3339 but not in Foundation's time line; none falls on a case step.
        guard second <= 59 else { return .failure(RFC3339Problem("\"\(text)\": second \(second) (leap seconds are not accepted)")) }
        let days = Int(CivilDate.days(year: Int64(year), month: Int64(month), day: Int64(day)))
        let whole = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        // Whole milliseconds (what the catalog keeps) are built from an integer count, so a time written
        // by `catalogString(from:)` reads back as the same instant.
        let milliseconds = (fraction * 1000).rounded()
        if abs(fraction * 1000 - milliseconds) < 1e-6 {
            return .success(Date(timeIntervalSince1970: (Double(whole * 1000) + milliseconds) / 1000))
        }
        return .success(Date(timeIntervalSince1970: Double(whole) + fraction))
    }

    /// The instant, or nil for anything ``parse(_:)`` refuses.
    public static func date(from text: String) -> Date? {
        try? parse(text).get()
    }

    /// `date` as the catalog stores times: UTC, always with milliseconds (`2026-11-03T01:30:00.123Z`), so
    /// the text sorts in time order in SQLite and reads the same to a person.
    public static func catalogString(from date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : -((-milliseconds + 999) / 1000)
        let whole = string(Date(timeIntervalSince1970: Double(seconds)))
        let fraction = String(milliseconds - seconds * 1000)
        return String(whole.dropLast()) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }

    /// `date` as RFC 3339 in `zone` (its offset at that instant), with milliseconds only when there are any.
    public static func string(_ date: Date, in zone: TimeZone = TimeZone(identifier: "UTC")!) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let local = date.timeIntervalSince1970 + Double(offset)
        let whole = local.rounded(.down)
        var milliseconds = Int(((local - whole) * 1000).rounded())
        var wholeSeconds = Int(whole)
        if milliseconds == 1000 { milliseconds = 0; wholeSeconds += 1 }
        let (days, second) = CivilDate.split(Int64(wholeSeconds))
        let secondOfDay = Int(second)
        let (y, m, d) = CivilDate.date(fromDays: days)
        // Written digit by digit into one buffer: this runs for every time of every document served.
        var text: [UInt8] = []
        text.reserveCapacity(29)
        func put(_ value: Int, _ width: Int) {
            var digits = width, divisor = 1
            while digits > 1 { divisor *= 10; digits -= 1 }
            if value < 0 || value >= divisor * 10 { for character in String(value).utf8 { text.append(character) }; return }
            while divisor > 0 { text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10)); divisor /= 10 }
        }
        func put(_ character: Unicode.Scalar) { text.append(UInt8(ascii: character)) }
        put(Int(y), 4); put("-"); put(Int(m), 2); put("-"); put(Int(d), 2); put("T")
        put(secondOfDay / 3600, 2); put(":"); put(secondOfDay % 3600 / 60, 2); put(":"); put(secondOfDay % 60, 2)
        if milliseconds > 0 { put("."); put(milliseconds, 3) }
        if offset == 0 {
            put("Z")
        } else {
            let magnitude = abs(offset)
            put(offset < 0 ? "-" : "+"); put(magnitude / 3600, 2); put(":"); put(magnitude % 3600 / 60, 2)
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Why a text is not an RFC 3339 time.
public struct RFC3339Problem: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
