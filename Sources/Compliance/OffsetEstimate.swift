import Foundation

/// The clock offset (device − gateway, seconds) at one device time, with how it was found.
public struct OffsetEstimate: Sendable, Hashable {
    public var offset: Double
    /// Seconds either way; nil when unknown (no reading, a reset, a default date).
    public var uncertainty: Double?
    public var status: ClockStatus
    /// The reset whose span the time falls in (status `reset_span`).
    public var reset: ClockReset?
    /// Gateway times of the readings used (one or two).
    public var readings: [Date]
    /// Identifies the stretch of the device's clock between resets and sets the time fell in: two times
    /// in one era share their clock error, so a gap between them is measured without it.
    public var era: Int

    public init(offset: Double, uncertainty: Double?, status: ClockStatus, reset: ClockReset? = nil, readings: [Date] = [], era: Int = 0) {
        self.offset = offset
        self.uncertainty = uncertainty
        self.status = status
        self.reset = reset
        self.readings = readings
        self.era = era
    }
}
