import CFFmpeg

/// Timestamps as FFmpeg writes them: integer ticks of a `Rational` time base, with AV_NOPTS_VALUE for
/// "no time".
public enum MediaTime {
    /// AV_NOPTS_VALUE: a packet, frame or stream without that time.
    public static let unset: Int64 = recgate_nopts_value()

    /// `ticks` as an optional: nil for AV_NOPTS_VALUE.
    public static func known(_ ticks: Int64) -> Int64? { ticks == unset ? nil : ticks }
}
