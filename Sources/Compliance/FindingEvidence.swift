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
    /// The Art 16 exemption (`recording_exempted`); absent elsewhere.
    public var exemption: StepExemption?
    /// The roles' problems (`internal_roles`); absent elsewhere.
    public var roles: RoleProblems?

    public init(clips: [ClipEvidence] = [], intervals: [TimeSpan] = [], sources: [TimeSourceValue] = [], sequences: [Int] = [],
                devices: [String] = [], resets: [ClockReset] = [], exemption: StepExemption? = nil, roles: RoleProblems? = nil) {
        self.clips = clips
        self.intervals = intervals
        self.sources = sources
        self.sequences = sequences
        self.devices = devices
        self.resets = resets
        self.exemption = exemption
        self.roles = roles
    }
}

/// What is wrong with an internal step's roles.
public struct RoleProblems: Sendable, Hashable, Codable {
    /// Roles left unnamed (`handler`, `reviewer`, `approver`).
    public var missing: [String]
    /// Officers named in two or more roles.
    public var doubled: [RoleHolder]

    public init(missing: [String], doubled: [RoleHolder]) {
        self.missing = missing
        self.doubled = doubled
    }
}
