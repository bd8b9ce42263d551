import Foundation

/// Which side of a clock reset a recording lies on, from the device's own recordings: a reset happens
/// at one point in them, where the time goes back (or falls to a default date) between two consecutive
/// sequence numbers. Recordings numbered before that point were stamped by the clock before the reset,
/// those after it by the clock after.
///
/// Only one offload session is read (a session copies the card as it was, so its numbers run in
/// recording order); a session with no such point, or with several, cannot place a recording (the
/// order is ambiguous) and the recording keeps its `clock_reset` finding.
enum ResetPlacement {
    /// The sequence numbers that begin a new clock, in order: each is the first recording after a point
    /// where the time went back or fell to a default date.
    static func breaks(_ clips: [ClipFacts], policy: CheckPolicy) -> [Int] {
        let clock = ZoneClock(zone: policy.clock.zone)
        let implausible = clock.instant(policy.clock.implausibleBefore) ?? .distantPast
        let timed: [(sequence: Int, start: Date)] = clips.compactMap { clip in
            guard let sequence = clip.sequence,
                  let start = ClipReadings(clip, clock: clock, tolerance: policy.timeTolerance,
                                           preEventBuffer: policy.preEventBuffer(for: clip), resolution: policy.readingResolution).start
            else { return nil }
            return (sequence, start.instant)
        }.sorted { $0.sequence < $1.sequence }
        var breaks: [Int] = []
        for (a, b) in zip(timed, timed.dropFirst()) {
            let wentBack = b.start < a.start.addingTimeInterval(-policy.clock.resetTolerance)
            let toDefault = b.start < implausible && a.start >= implausible
            if wentBack || toDefault { breaks.append(b.sequence) }
        }
        return breaks
    }

    /// True when `sequence` lies after the session's one reset point, false before it, nil when the
    /// session has none or several.
    static func isAfter(_ sequence: Int, breaks: [Int]) -> Bool? {
        guard breaks.count == 1 else { return nil }
        return sequence >= breaks[0]
    }
}
