import DeviceKit
import Foundation

/// An interval of true (gateway) time, e.g. an uncovered stretch of a step.
public struct TimeSpan: Sendable, Hashable, Codable {
    @RFC3339Time public var start: Date
    @RFC3339Time public var end: Date
    public var seconds: Double

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
        seconds = end.timeIntervalSince(start)
    }
}
