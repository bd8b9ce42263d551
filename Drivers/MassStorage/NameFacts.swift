import Foundation
import DeviceKit

/// What one file name (or path) says under a profile's naming scheme.
struct NameFacts: Sendable, Hashable {
    /// The start as found (`raw`: the name fragment) and as a wall-clock reading; `start` is nil when the
    /// fragment is not a real time (month 13 and the like), while `startRaw` keeps what was there.
    var startRaw: String?
    var start: LocalTimestamp?
    var endRaw: String?
    var end: LocalTimestamp?
    var serial: String?
    var officer: String?
    var sequence: Int?
    var camera: String?
    var channel: String?
    var address: String?
    var type: String?
    /// The name carries the scheme's lock marker.
    var lockedByName = false

    func reading(raw: String?, local: LocalTimestamp?, zone: TimeZone) -> TimeReading? {
        guard let raw else { return nil }
        return TimeReading(raw: raw, local: local, zone: zone, source: .fileName)
    }
}
