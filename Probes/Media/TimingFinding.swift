/// Two times or lengths of one clip that disagree by more than the tolerance.
public struct TimingFinding: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The container's duration against the span of its packets.
        case durationMismatch = "duration_mismatch"
        /// Two starts: the container's creation_time against the file name's.
        case startMismatch = "start_mismatch"
        /// Two ends: the file system time against a start plus the duration.
        case endMismatch = "end_mismatch"
    }

    public var kind: Kind
    public var first: TimingValue
    public var second: TimingValue
    /// `first` minus `second`, in seconds.
    public var difference: Double
    /// The tolerance that was exceeded.
    public var tolerance: Double
    /// What the difference suggests, when it suggests something (a time zone, an end stamped as a start).
    public var note: String?
}
