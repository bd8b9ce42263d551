import Foundation

/// Where the checker finds clips. Every question names devices or officers and a time interval, or a
/// device and sequence numbers, so a catalog answers from indexes (device + device-time span, officer +
/// span, device + session + sequence) and never scans all clips.
///
/// Times here are device times: the clip's readings as the device wrote them, read in the configured
/// zone (`ClipFacts.deviceSpan(in:)`), since the catalog cannot know corrections. The checker turns a
/// step's true-time window into device-time windows with each device's clock model.
public protocol ClipSource: Sendable {
    /// Clips recorded by one of `devices`, or naming one of `officers`, whose device span overlaps
    /// `interval` (end points included).
    func clips(devices: Set<String>, officers: Set<String>, overlapping interval: DateInterval) throws -> [ClipFacts]
    /// Clips of `device` whose sequence number is in `sequences`, from `session` when given.
    func clips(device: String, session: String?, sequences: ClosedRange<Int>) throws -> [ClipFacts]
}
