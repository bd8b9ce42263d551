/// The order of a clip search: by corrected recording start or by when the store received the clip,
/// newest or oldest first. Spelled as the query gives it: `-recorded` (the default) and `-stored` newest
/// first, `recorded` and `stored` oldest first. Ties go by clip id, in the same direction.
public enum ClipSort: String, Sendable, Hashable, CaseIterable {
    case recordedNewestFirst = "-recorded"
    case recordedOldestFirst = "recorded"
    case storedNewestFirst = "-stored"
    case storedOldestFirst = "stored"

    public var descending: Bool { self == .recordedNewestFirst || self == .storedNewestFirst }
    public var byRecording: Bool { self == .recordedNewestFirst || self == .recordedOldestFirst }
}
