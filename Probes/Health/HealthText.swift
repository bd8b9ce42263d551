import DeviceKit
import Compliance
import Foundation

/// Times and durations as the probes' reasons write them.
struct HealthText {
    var zone: TimeZone

    func time(_ date: Date) -> String { RFC3339.string(date, in: zone) }

    /// `3 days`, `5 h`, `42 s`: the largest unit that gives a whole number of at least one.
    static func duration(_ seconds: Double) -> String {
        let s = abs(seconds)
        if s >= 2 * 86_400 { return "\(Int(s / 86_400)) days" }
        if s >= 2 * 3600 { return "\(Int(s / 3600)) h" }
        if s >= 120 { return "\(Int(s / 60)) min" }
        let rounded = (s * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) s" : "\(rounded) s"
    }

    /// `+42 s` / `-3 min`: an offset with its sign (device ahead is +).
    static func offset(_ seconds: Double) -> String { (seconds < 0 ? "-" : "+") + duration(seconds) }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
