import DeviceKit
import Foundation

/// Times in the probe's JSON and in FFmpeg's tags, through the one RFC 3339 home (DeviceKit's `RFC3339`):
/// written in UTC with milliseconds only when there are any, so the JSON is the same from the command line
/// and from the catalog; read after the forms FFmpeg's tags carry are put in RFC 3339's shape.
enum RFC3339Text {
    static func string(_ date: Date) -> String { RFC3339.string(date) }

    /// Parses RFC 3339 and the forms FFmpeg's tags carry: `2026-11-03T01:30:15.000000Z` (microseconds),
    /// `2026-11-03T09:30:15+0800` (QuickTime's creationdate, offset without a colon), a space for the `T`,
    /// and no zone at all (read as UTC, as FFmpeg writes its tags). Nil for anything else.
    static func date(_ text: String) -> Date? {
        var bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        guard bytes.count >= 19 else { return nil }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        if let last = bytes.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") {
            // UTC already.
        } else if let sign = bytes.lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }), sign >= 19 {
            let zone = bytes[(sign + 1)...]
            if zone.count == 4, zone.allSatisfy(isDigit) { bytes.insert(UInt8(ascii: ":"), at: sign + 3) }
        } else {
            bytes.append(UInt8(ascii: "Z"))
        }
        return RFC3339.date(from: String(decoding: bytes, as: UTF8.self))
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
