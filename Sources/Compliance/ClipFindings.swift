/// Findings about the matched clips themselves: their times, integrity, store state and clocks.
enum ClipFindings {
    static func find(_ clips: [CorrectedClip], step: CaseStep, article: String?, text: FindingText) -> [Finding] {
        var findings: [Finding] = []
        for clip in clips {
            if !clip.disagreement.isEmpty {
                findings.append(Finding(kind: .timeDisagreement, severity: .warning, stepID: step.id, article: article,
                                        evidence: FindingEvidence(clips: [clip.evidence()], sources: clip.disagreement),
                                        explanation: text.timeDisagreement(clip: clip)))
            }
            if clip.facts.integrity == .truncated || clip.facts.integrity == .corrupt {
                findings.append(Finding(kind: .truncatedClip, severity: .warning, stepID: step.id, article: article,
                                        evidence: FindingEvidence(clips: [clip.evidence()]), explanation: text.truncated(clip: clip)))
            }
            if !clip.facts.verified {
                findings.append(Finding(kind: .unverifiedClip, severity: .warning, stepID: step.id, article: article,
                                        evidence: FindingEvidence(clips: [clip.evidence()]), explanation: text.unverified(clip: clip)))
            }
        }
        // Clock findings: one per device, listing its clips.
        for (device, group) in Dictionary(grouping: clips, by: \.facts.device).sorted(by: { $0.key < $1.key }) {
            let unread = group.filter { $0.clock == .noClockReading }
            if !unread.isEmpty {
                findings.append(Finding(kind: .noClockReading, severity: .warning, stepID: step.id, article: article,
                                        evidence: FindingEvidence(clips: unread.map { $0.evidence() }, devices: [device]),
                                        explanation: text.noClockReading(device: device, count: unread.count)))
            }
            // Clips the recordings' order placed after a reset are corrected (finite uncertainty): the
            // reset is information. Those no era could take remain a warning.
            let reset = group.filter { $0.clock == .resetSpan || $0.clock == .defaultDate || ($0.defaultDate && !$0.placedByOrder) }
            let unresolved = Set(reset.map(\.facts.id))
            let placed = group.filter { $0.placedAfter != nil && !unresolved.contains($0.facts.id) }
            var placedResets: [ClockReset] = []
            for clip in placed where !placedResets.contains(clip.placedAfter!) { placedResets.append(clip.placedAfter!) }
            if !placed.isEmpty {
                findings.append(Finding(kind: .clockReset, severity: .info, stepID: step.id, article: article,
                                        evidence: FindingEvidence(clips: placed.map { $0.evidence() }, devices: [device], resets: placedResets),
                                        explanation: text.clockResetPlaced(device: device, clips: placed, resets: placedResets)))
            }
            if !reset.isEmpty {
                var resets: [ClockReset] = []
                for clip in reset {
                    for r in [clip.startEstimate.reset, clip.endEstimate.reset].compactMap({ $0 }) where !resets.contains(r) { resets.append(r) }
                }
                findings.append(Finding(kind: .clockReset, severity: .warning, stepID: step.id, article: article,
                                        evidence: FindingEvidence(clips: reset.map { $0.evidence() }, devices: [device], resets: resets),
                                        explanation: text.clockReset(device: device, clips: reset, resets: resets)))
            }
        }
        return findings
    }
}
