import Foundation

/// `unmatched_clip`: recordings near a case's steps that no step of the case claims.
///
/// Scope: for each portable-recording step, the devices its officers carried (and the devices it
/// names) during the step widened by `unmatchedWindow` on each side; a clip of one of those devices, in
/// the part of that window the device was with the officer, that matches no step of the case. Such a
/// clip suggests a step started earlier or ended later than the case file says, or a step missing from
/// it. Wider scopes (a whole day of an officer's work) would list every other case's recordings.
enum UnmatchedClips {
    static func find(steps: [(CaseStep, StepType)], matched: Set<String>, run: CheckRun, custody: any CustodySource) throws -> [Finding] {
        var reported: Set<String> = []
        var findings: [Finding] = []
        let text = FindingText(zone: run.policy.clock.zone)
        for (step, type) in steps where type.recording == .avPortable {
            let wide = step.interval.widened(by: run.policy.unmatchedWindow)
            let windows = try StepEvaluation.deviceWindows(step: step, type: type, window: wide, custody: custody)
            let near = try run.lookUp(windows, officers: [], officerWindow: nil)
                .filter { clip in windows.contains { $0.device == clip.facts.device && clip.interval.touches($0.window) } }
                .sorted { ($0.start.instant, $0.facts.id) < ($1.start.instant, $1.facts.id) }
            for clip in near where !matched.contains(clip.facts.id) && reported.insert(clip.facts.id).inserted {
                findings.append(Finding(kind: .unmatchedClip, severity: .info, stepID: step.id, article: nil,
                                        evidence: FindingEvidence(clips: [clip.evidence()], devices: [clip.facts.device]),
                                        explanation: text.unmatched(clip: clip, near: step)))
            }
        }
        return findings
    }
}
