/// What a finding is about. See README.md for when each is raised.
public enum FindingKind: String, Sendable, Hashable, Codable, CaseIterable {
    case missingRecording = "missing_recording"
    case coverageGap = "coverage_gap"
    case lateStart = "late_start"
    case earlyEnd = "early_end"
    case timeDisagreement = "time_disagreement"
    case truncatedClip = "truncated_clip"
    case unverifiedClip = "unverified_clip"
    case sequenceGap = "sequence_gap"
    case clockReset = "clock_reset"
    case noClockReading = "no_clock_reading"
    case unmatchedClip = "unmatched_clip"
    /// Art 16: a step exempted from recording has none (info, instead of `missing_recording`).
    case recordingExempted = "recording_exempted"
    /// Art 35: an internal step misses a role or names one officer in two.
    case internalRoles = "internal_roles"
}
