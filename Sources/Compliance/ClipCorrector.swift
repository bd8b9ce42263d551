import Foundation

/// Corrects clips one at a time exactly as a case check does (the same clock models, the same placement
/// of clips recorded across a reset), keeping each device's model and each clip's correction for its
/// life: a search of the catalog corrects many clips of a few devices.
///
/// Not `Sendable`: one search owns one corrector.
public final class ClipCorrector {
    private let run: CheckRun

    /// `models`: clock models already built under the checker's clock policy, by device (others are
    /// built from the checker's clock readings when first needed).
    public init(checker: ComplianceChecker, models: [String: ClockModel] = [:]) {
        run = CheckRun(policy: checker.policy, clips: checker.clips, clocks: checker.clocks, models: models)
    }

    /// The clip's corrected times as a check would give them; nil when no reading is a calendar time.
    public func correct(_ clip: ClipFacts) throws -> ClipEvidence? {
        try run.correct(clip)?.evidence()
    }

    /// The clock model of one device.
    public func model(_ device: String) throws -> ClockModel {
        try run.model(device)
    }
}
