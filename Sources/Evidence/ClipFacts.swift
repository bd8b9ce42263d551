import Foundation

/// Everything the catalog knows about one clip's timing and state, in one row: the clip, its
/// device-clock interval, and the latest prober's summary. What compliance checks read.
public struct ClipFacts: Sendable, Hashable {
    public var clip: ClipRow
    public var time: ClipTimeRow
    /// The container's duration in seconds, from the latest probe.
    public var duration: Double?
    /// The container's creation time, from the latest probe.
    public var creationTime: Date?
    /// `ok`, `truncated` or `corrupt` from the latest probe; nil when never probed.
    public var integrity: String?
    /// How the clip's device writes creation_time, as its history shows (nil: not known).
    public var containerReading: ContainerTimeReading?

    public init(clip: ClipRow, time: ClipTimeRow, duration: Double?, creationTime: Date?, integrity: String?) {
        self.clip = clip
        self.time = time
        self.duration = duration
        self.creationTime = creationTime
        self.integrity = integrity
    }
}
