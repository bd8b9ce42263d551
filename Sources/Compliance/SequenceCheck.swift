/// A device's sequence numbers against its clips' times, within the clips matched to a step.
///
/// Clips are grouped by device and offload session (a session copies the card as it was, so within one
/// the numbers run from the oldest surviving file to the newest). Between two neighbours a and b:
/// - b starting before a ends (beyond tolerance) is a clock out of step with the numbering: `clock_reset`;
/// - a number between them that exists elsewhere (found by number, with a time outside the step) is the
///   same: `clock_reset`;
/// - a number that does not exist is a missing recording, unless loop recording explains it: loop
///   overwrite takes the oldest unlocked file first, so it can only have taken the number if every
///   older clip of the session is locked (a hole at the old end). Otherwise `sequence_gap`.
enum SequenceCheck {
    static func find(_ clips: [CorrectedClip], step: CaseStep, article: String?, run: CheckRun, text: FindingText) throws -> [Finding] {
        var findings: [Finding] = []
        let numbered = clips.filter { $0.facts.sequence != nil }
        let groups = Dictionary(grouping: numbered) { "\($0.facts.device)\u{0}\($0.facts.session ?? "")" }
        for key in groups.keys.sorted() {
            let group = groups[key]!.sorted { $0.facts.sequence! < $1.facts.sequence! }
            let device = group[0].facts.device, session = group[0].facts.session
            var outOfOrder: [CorrectedClip] = []
            for (a, b) in zip(group, group.dropFirst()) {
                let slack = run.policy.sequenceOrderTolerance + a.end.readingUncertainty + b.start.readingUncertainty
                if b.start.instant.timeIntervalSince(a.end.instant) < -slack {
                    outOfOrder += [a, b]
                }
                let low = a.facts.sequence! + 1, high = b.facts.sequence! - 1
                guard low <= high else { continue }
                let elsewhere = try run.clips.clips(device: device, session: session, sequences: low...high)
                    .filter { $0.device == device && (session == nil || $0.session == session) }
                for found in elsewhere {
                    if let corrected = try run.correct(found) { outOfOrder += [a, corrected, b] }
                }
                let present = Set(elsewhere.compactMap(\.sequence))
                let missing = (low...high).filter { !present.contains($0) }
                guard !missing.isEmpty else { continue }
                if try explainedByLoopOverwrite(below: a, device: device, session: session, run: run) { continue }
                findings.append(Finding(kind: .sequenceGap, severity: .error, stepID: step.id, article: article,
                                        evidence: FindingEvidence(clips: [a.evidence(), b.evidence()], sequences: missing, devices: [device]),
                                        explanation: text.sequenceGap(device: device, missing: missing, before: a, after: b)))
            }
            if !outOfOrder.isEmpty {
                var seen: Set<String> = []
                let unique = outOfOrder.filter { seen.insert($0.facts.id).inserted }
                findings.append(Finding(kind: .clockReset, severity: .warning, stepID: step.id, article: article,
                                        evidence: FindingEvidence(clips: unique.map { $0.evidence() }, devices: [device]),
                                        explanation: text.sequenceOutOfOrder(device: device, clips: unique)))
            }
        }
        return findings
    }

    /// True when every clip of the session numbered at or below `a` is locked (so loop recording may have
    /// overwritten what came after them). Without a session the device's whole history is one run.
    private static func explainedByLoopOverwrite(below a: CorrectedClip, device: String, session: String?, run: CheckRun) throws -> Bool {
        guard a.facts.locked, let sequence = a.facts.sequence else { return false }
        guard sequence > Int.min else { return true }
        let older = try run.clips.clips(device: device, session: session, sequences: Int.min...(sequence - 1))
        return older.allSatisfy { $0.locked || $0.device != device }
    }
}
