import DeviceKit
import Foundation

/// One reading of a camera's clock, with the gateway's time taken around it.
public struct CameraClockReading: Hashable, Sendable {
    /// What the camera answered, as it gave it.
    public var raw: String
    /// The camera's wall clock in the gateway's zone (its own reading when it gave no zone).
    public var deviceTime: LocalTimestamp
    /// The midpoint of the gateway's times before and after the read.
    public var gatewayTime: Date
    /// The round trip of the read, seconds: the reading's uncertainty (the camera answered somewhen in it).
    public var uncertainty: TimeInterval
    /// The gateway set the camera's clock right after this reading.
    public var clockSet: Bool

    /// Device time (read in `zone`) − gateway time, seconds; nil when the device time is not a real time.
    public func offset(in zone: TimeZone) -> TimeInterval? {
        deviceTime.instant(in: zone).map { $0.timeIntervalSince(gatewayTime) }
    }
}

/// Reading and setting a camera's clock as DESIGN.md's "Time" asks: read before setting, set to the
/// gateway's local time in the configured zone, read again; every reading is an observation to record.
public struct CameraClock: Sendable {
    public var zone: TimeZone
    public var now: @Sendable () -> Date

    public init(zone: TimeZone, now: @escaping @Sendable () -> Date = { Date() }) {
        self.zone = zone
        self.now = now
    }

    /// Reads the clock once.
    public func read(_ session: PTPSession) throws(PTPError) -> CameraClockReading {
        let before = now()
        let value = try session.dateTime()
        let after = now()
        let mid = Date(timeIntervalSince1970: (before.timeIntervalSince1970 + after.timeIntervalSince1970) / 2)
        return CameraClockReading(raw: value.description, deviceTime: value.localTime(in: zone), gatewayTime: mid,
                                  uncertainty: after.timeIntervalSince(before), clockSet: false)
    }

    /// Sets the clock to the gateway's local time in ``zone`` (to the nearest second, no zone in the string:
    /// cameras keep local time). Returns the value written.
    @discardableResult
    public func set(_ session: PTPSession) throws(PTPError) -> LocalTimestamp {
        let rounded = Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded())
        let local = LocalTimestamp(rounded, in: zone)
        try session.setDateTime(PTPDateTime(local))
        return local
    }

    /// Reads the clock; with `set`, then sets it and reads it again. Returns the observations to record: the
    /// first marked `clockSet` when the set followed it.
    public func synchronize(_ session: PTPSession, set: Bool) throws(PTPError) -> [CameraClockReading] {
        var first = try read(session)
        guard set else { return [first] }
        try self.set(session)
        first.clockSet = true
        return [first, try read(session)]
    }
}
