import CFFmpeg

/// A fraction as FFmpeg keeps time bases and frame rates (AVRational). A zero denominator means
/// "unknown" (FFmpeg writes 0/0 for an audio stream's frame rate).
public struct Rational: Sendable, Hashable, CustomStringConvertible {
    public var numerator: Int32
    public var denominator: Int32

    public init(_ numerator: Int32, _ denominator: Int32) {
        self.numerator = numerator
        self.denominator = denominator
    }

    init(_ value: AVRational) { self.init(value.num, value.den) }

    var av: AVRational { AVRational(num: numerator, den: denominator) }

    /// The fraction as a number, or nil when it is unknown (0/0, n/0).
    public var value: Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }

    /// The fraction as a number, or nil when it is unknown or zero (0/1 is FFmpeg's other "unknown"
    /// for rates).
    public var nonZeroValue: Double? {
        guard let value, value != 0 else { return nil }
        return value
    }

    /// `ticks` of this time base in seconds; nil when `ticks` is AV_NOPTS_VALUE or the base is unknown.
    public func seconds(_ ticks: Int64) -> Double? {
        guard ticks != MediaTime.unset, denominator != 0 else { return nil }
        // Dividing last rounds once: 19456 ticks of 1/10240 give 1.9, not 1.9000000000000001.
        return Double(ticks) * Double(numerator) / Double(denominator)
    }

    /// `seconds` as a whole number of ticks of this time base, rounded to the nearest.
    public func ticks(_ seconds: Double) -> Int64? {
        guard let unit = value, unit > 0 else { return nil }
        let ticks = (seconds / unit).rounded()
        guard ticks.isFinite, abs(ticks) < 9.2e18 else { return nil }
        return Int64(ticks)
    }

    /// `ticks` of this base in `other`'s ticks, exactly as FFmpeg rescales (av_rescale_q, rounding to
    /// the nearest); AV_NOPTS_VALUE stays AV_NOPTS_VALUE.
    public func rescale(_ ticks: Int64, to other: Rational) -> Int64 {
        ticks == MediaTime.unset ? ticks : av_rescale_q(ticks, av, other.av)
    }

    /// `num/den`, as ffprobe prints rates and time bases.
    public var description: String { "\(numerator)/\(denominator)" }

    /// FFmpeg's internal time base for durations and start times of a whole file (AV_TIME_BASE).
    public static let microseconds = Rational(1, Int32(AV_TIME_BASE))
}
