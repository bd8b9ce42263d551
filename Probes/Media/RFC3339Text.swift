import DeviceKit
import Foundation

/// RFC 3339 text for times in the probe's JSON, whatever date strategy the encoder has, so the JSON is
/// the same from the command line and from the catalog. UTC, with milliseconds only when there are any.
enum RFC3339Text {
    static func string(_ date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down)
        let milliseconds = Int(((date.timeIntervalSince1970 - whole) * 1000).rounded())
        let fractional = milliseconds > 0 && milliseconds < 1000
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: fractional, timeZone: TimeZone(identifier: "UTC")!))
    }

    /// Parses RFC 3339 and the forms FFmpeg's tags carry: `2026-11-03T01:30:15.000000Z` (microseconds),
    /// `2026-11-03T09:30:15+0800` (QuickTime's creationdate, offset without a colon), and a space for
    /// the `T`. Nil for anything else.
    static func date(_ text: String) -> Date? {
        var t = text.trimmingCharacters(in: .whitespaces)
        guard t.count >= 19 else { return nil }
        // A space instead of the T.
        if t[t.index(t.startIndex, offsetBy: 10)] == " " {
            t.replaceSubrange(t.index(t.startIndex, offsetBy: 10)...t.index(t.startIndex, offsetBy: 10), with: "T")
        }
        // Split off the zone: Z, ±hh:mm, ±hhmm, or none (read as UTC, as FFmpeg writes its tags).
        var zoneSeconds = 0
        var body = Substring(t)
        if body.hasSuffix("Z") || body.hasSuffix("z") {
            body = body.dropLast()
        } else if let sign = body.lastIndex(where: { $0 == "+" || $0 == "-" }), body.distance(from: body.startIndex, to: sign) >= 19 {
            let digits = body[body.index(after: sign)...].filter { $0 != ":" }
            guard digits.count == 4, let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)) else { return nil }
            zoneSeconds = (hours * 3600 + minutes * 60) * (body[sign] == "-" ? -1 : 1)
            body = body[..<sign]
        }
        // Fraction.
        var fraction = 0.0
        if let dot = body.firstIndex(of: ".") {
            let digits = body[body.index(after: dot)...]
            guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let value = Double("0." + digits) else { return nil }
            fraction = value
            body = body[..<dot]
        }
        let parts = body.split(whereSeparator: { $0 == "-" || $0 == "T" || $0 == ":" }).map { Int($0) }
        guard parts.count == 6, parts.allSatisfy({ $0 != nil }), body.count == 19 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval(fraction - Double(zoneSeconds))
    }
}

extension KeyedEncodingContainer {
    /// `date` as RFC 3339 text, or an explicit null.
    mutating func encodeRFC3339(_ date: Date?, forKey key: Key) throws {
        if let date { try encode(RFC3339Text.string(date), forKey: key) } else { try encodeNil(forKey: key) }
    }
}

extension KeyedDecodingContainer {
    func decodeRFC3339(forKey key: Key) throws -> Date? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = RFC3339Text.date(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not an RFC 3339 time: \(text)")
        }
        return date
    }
}
