import DeviceKit
import Foundation

/// A PTP DateTime string (`YYYYMMDDThhmmss`, optionally `.s` tenths, then `Z` or `±hhmm`; ISO 8601 basic
/// form). Without a zone it is the device's local time: a ``LocalTimestamp``.
public struct PTPDateTime: Hashable, Sendable, CustomStringConvertible {
    public enum Zone: Hashable, Sendable {
        case utc
        /// Minutes east of UTC.
        case offset(minutes: Int)
    }

    public var local: LocalTimestamp
    /// Tenths of a second, when given.
    public var tenths: Int?
    /// The zone, when the device gave one.
    public var zone: Zone?

    public init(local: LocalTimestamp, tenths: Int? = nil, zone: Zone? = nil) {
        self.local = local
        self.tenths = tenths
        self.zone = zone
    }

    /// Parses the string exactly; nil when it is not one.
    public init?(_ text: String) {
        let c = Array(text.utf8)
        guard c.count >= 15, c[8] == UInt8(ascii: "T") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= c.count else { return nil }
            var v = 0
            for i in range {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c[i]) else { return nil }
                v = v * 10 + Int(c[i] - UInt8(ascii: "0"))
            }
            return v
        }
        guard let y = number(0..<4), let mo = number(4..<6), let d = number(6..<8), let h = number(9..<11),
              let mi = number(11..<13), let s = number(13..<15) else { return nil }
        local = LocalTimestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
        guard local.isValid else { return nil }
        var i = 15
        tenths = nil
        zone = nil
        if i < c.count, c[i] == UInt8(ascii: ".") {
            guard let t = number(i + 1..<i + 2) else { return nil }
            tenths = t
            i += 2
        }
        if i < c.count {
            if c[i] == UInt8(ascii: "Z"), i + 1 == c.count {
                zone = .utc
            } else if c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-"), i + 5 == c.count,
                      let hh = number(i + 1..<i + 3), let mm = number(i + 3..<i + 5), hh <= 14, mm < 60 {
                zone = .offset(minutes: (c[i] == UInt8(ascii: "-") ? -1 : 1) * (hh * 60 + mm))
            } else {
                return nil
            }
        }
        // A reading with a zone names an instant, which ``localTime(in:)`` reads in another zone: it must be a
        // valid time in every zone, so its UTC year lies a year inside LocalTimestamp's range
        // (`99991231T235959-1400` is year 10000 in UTC, `19700101T000000+1400` year 1969).
        if let zone {
            let minutes = switch zone {
            case .utc: 0
            case .offset(let m): m
            }
            guard let offsetZone = TimeZone(secondsFromGMT: minutes * 60), let instant = local.instant(in: offsetZone),
                  (1971...9998).contains(LocalTimestamp(instant, in: .gmt).year) else { return nil }
        }
    }

    /// The string a device is sent: no zone (device local time), no tenths.
    public init(_ local: LocalTimestamp) { self.init(local: local) }

    public var description: String {
        func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }
        var text = "\(pad(local.year, 4))\(pad(local.month, 2))\(pad(local.day, 2))T"
            + "\(pad(local.hour, 2))\(pad(local.minute, 2))\(pad(local.second, 2))"
        if let tenths { text += ".\(tenths)" }
        switch zone {
        case nil: break
        case .utc: text += "Z"
        case .offset(let m): text += (m < 0 ? "-" : "+") + pad(abs(m) / 60, 2) + pad(abs(m) % 60, 2)
        }
        return text
    }

    /// The wall-clock reading in `zone` (the gateway's configured zone): the local reading itself when the
    /// device gave no zone, else the instant it names read in `zone`. Tenths are dropped.
    public func localTime(in zone: TimeZone) -> LocalTimestamp {
        guard let own = self.zone else { return local }
        let minutes = switch own {
        case .utc: 0
        case .offset(let m): m
        }
        guard let instant = local.instant(in: TimeZone(secondsFromGMT: minutes * 60)!) else { return local }
        return LocalTimestamp(instant, in: zone)
    }
}
