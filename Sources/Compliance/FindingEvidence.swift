/// What a finding rests on. Lists a finding does not use are empty.
public struct FindingEvidence: Sendable, Hashable, Codable {
    public var clips: [ClipEvidence]
    /// Uncovered stretches (coverage findings).
    public var intervals: [TimeSpan]
    /// Each source's start (time disagreements).
    public var sources: [TimeSourceValue]
    /// Missing sequence numbers (sequence gaps).
    public var sequences: [Int]
    /// The devices looked at (missing recordings).
    public var devices: [String]
    /// The clock resets involved.
    public var resets: [ClockReset]

    public init(clips: [ClipEvidence] = [], intervals: [TimeSpan] = [], sources: [TimeSourceValue] = [], sequences: [Int] = [],
                devices: [String] = [], resets: [ClockReset] = []) {
        self.clips = clips
        self.intervals = intervals
        self.sources = sources
        self.sequences = sequences
        self.devices = devices
        self.resets = resets
    }
}
