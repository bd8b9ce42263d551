import DeviceKit
import Compliance
import Foundation

/// Times as a wall clock in one zone shows them.
public struct WallClock {
    public let zone: TimeZone

    public init(zone: TimeZone) { self.zone = zone }

    /// `2026-11-03 09:30:00`, to the nearest second.
    public func text(_ date: Date) -> String {
        let rounded = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded())
        return String(RFC3339.string(rounded, in: zone).prefix(19)).replacingOccurrences(of: "T", with: " ")
    }

    /// `09:30:00`.
    public func time(_ date: Date) -> String { String(text(date).suffix(8)) }

    /// `2026-11-03 09:30:00–10:15:00`, the date written again only when it changes.
    public func span(_ start: Date, _ end: Date) -> String {
        let a = text(start), b = text(end)
        return a.prefix(10) == b.prefix(10) ? "\(a)–\(b.suffix(8))" : "\(a)–\(b)"
    }

    /// `+08:00`, for headings.
    public func offsetName(at date: Date) -> String {
        let full = RFC3339.string(date, in: zone)
        return full.hasSuffix("Z") ? "UTC" : String(full.suffix(6))
    }
}

/// Seconds for people: `60 s`, `1.5 s`.
public func secondsText(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? "\(Int(rounded)) s" : "\(rounded) s"
}
