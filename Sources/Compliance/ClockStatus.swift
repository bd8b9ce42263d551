/// How a clip time was corrected.
public enum ClockStatus: String, Sendable, Hashable, Codable {
    /// Between two readings of the device's clock, offset interpolated.
    case interpolated
    /// Beyond the first or last reading: that reading's offset, uncertainty growing with the drift bound.
    case extrapolated
    /// The device's clock was never read: no correction, uncertainty unknown.
    case noClockReading = "no_clock_reading"
    /// Recorded while the clock was being reset (between the last good reading and the one that showed
    /// the reset): the correction is a guess, uncertainty unknown.
    case resetSpan = "reset_span"
    /// The device time is a default date (2000-01-01, a firmware date) no reading explains: no
    /// correction, uncertainty unknown.
    case defaultDate = "default_date"

    /// True when the corrected time can be relied on within its uncertainty.
    public var isTrustworthy: Bool { self == .interpolated || self == .extrapolated }
}
