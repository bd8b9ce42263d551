import DeviceKit
import Foundation

/// Who carried which device when: `[from, to)`, open while `to` is nil.
public struct CustodyRecord: Sendable, Hashable, Codable {
    public var officer: String
    public var device: String
    @RFC3339Time public var from: Date
    @RFC3339OptionalTime public var to: Date?

    public init(officer: String, device: String, from: Date, to: Date?) {
        self.officer = officer
        self.device = device
        self.from = from
        self.to = to
    }

    /// True when the device was with the officer at `instant` (from inclusive, to exclusive).
    public func covers(_ instant: Date) -> Bool { from <= instant && (to.map { instant < $0 } ?? true) }

    /// The part of `interval` this record covers, or nil.
    public func overlap(with interval: DateInterval) -> DateInterval? {
        let start = max(from, interval.start)
        let end = min(to ?? .distantFuture, interval.end)
        guard start < end || (start == end && interval.duration == 0 && covers(start)) else { return nil }
        return DateInterval(start: start, end: end)
    }
}
