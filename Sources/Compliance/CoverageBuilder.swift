import Foundation

/// The stretches of true time a step's clips cover, and what is left uncovered.
///
/// Segments of one device no further apart than the segment gap plus their readings' resolutions are
/// one continuous recording (recorders split long recordings into files). Then the union over all
/// devices: the rule asks that the process be recorded, not that each officer record it, so two
/// officers' recorders covering each other's gaps cover the step. Photos cover no time.
struct CoverageBuilder {
    /// One end of a covered stretch: the clip whose start or end it is.
    struct Edge {
        var clip: CorrectedClip
        var time: CorrectedTime
        var era: Int
    }

    struct Piece {
        var start: Edge
        var end: Edge
        var startInstant: Date { start.time.instant }
        var endInstant: Date { end.time.instant }
    }

    struct Gap {
        var span: TimeSpan
        /// The covered stretch's end before the gap (nil for a gap at the step's start).
        var before: Edge?
        /// The covered stretch's start after it (nil for a gap at the step's end).
        var after: Edge?
    }

    let pieces: [Piece]
    let policy: CheckPolicy

    init(clips: [CorrectedClip], policy: CheckPolicy) {
        self.policy = policy
        var perDevice: [Piece] = []
        let timed = clips.filter { $0.facts.kind != .photo && $0.interval.duration > 0 }
        for (_, group) in Dictionary(grouping: timed, by: \.facts.device) {
            var merged: [Piece] = []
            for clip in group.sorted(by: { $0.start.instant < $1.start.instant }) {
                let piece = Piece(start: Edge(clip: clip, time: clip.start, era: clip.startEstimate.era),
                                  end: Edge(clip: clip, time: clip.end, era: clip.endEstimate.era))
                if var last = merged.last {
                    let allowed = policy.segmentGap + last.end.time.readingUncertainty + piece.start.time.readingUncertainty
                    if piece.startInstant.timeIntervalSince(last.endInstant) <= allowed {
                        if piece.endInstant > last.endInstant { last.end = piece.end }
                        merged[merged.count - 1] = last
                        continue
                    }
                }
                merged.append(piece)
            }
            perDevice += merged
        }
        var union: [Piece] = []
        for piece in perDevice.sorted(by: { ($0.startInstant, $0.start.clip.facts.id) < ($1.startInstant, $1.start.clip.facts.id) }) {
            if var last = union.last, piece.startInstant <= last.endInstant {
                if piece.endInstant > last.endInstant { last.end = piece.end }
                union[union.count - 1] = last
            } else {
                union.append(piece)
            }
        }
        pieces = union
    }

    /// Every uncovered stretch of `interval`, with the covered edges around it.
    func gaps(in interval: DateInterval) -> [Gap] {
        var gaps: [Gap] = []
        var cursor = interval.start
        var before: Edge?
        for piece in pieces where piece.endInstant > interval.start && piece.startInstant < interval.end {
            if piece.startInstant > cursor {
                gaps.append(Gap(span: TimeSpan(start: cursor, end: piece.startInstant), before: before, after: piece.start))
            }
            if piece.endInstant > cursor {
                cursor = piece.endInstant
                before = piece.end
            }
        }
        if cursor < interval.end { gaps.append(Gap(span: TimeSpan(start: cursor, end: interval.end), before: before, after: nil)) }
        return gaps
    }

    func coverage(of interval: DateInterval) -> Coverage {
        let gaps = gaps(in: interval)
        let uncovered = gaps.reduce(0) { $0 + $1.span.seconds }
        let covered = max(0, interval.duration - uncovered)
        let fraction = interval.duration > 0 ? covered / interval.duration : (gaps.isEmpty ? 1 : 0)
        return Coverage(coveredSeconds: covered, fraction: fraction, uncovered: gaps.map(\.span))
    }

    /// Full-process findings: `late_start`, `early_end`, `coverage_gap`. A stretch counts only when it
    /// is longer than the tolerance plus the uncertainty of the times that bound it: both edges on one
    /// device and one clock era share their clock error, so only their readings' resolutions count;
    /// otherwise the full uncertainties. When an uncertainty is unknown the stretch is measured on the
    /// times as corrected and the finding is a warning, not an error.
    func findings(step: CaseStep, article: String, text: FindingText) -> [Finding] {
        let tolerance = policy.coverageTolerance
        var findings: [Finding] = []
        var interior: [(Gap, Bool)] = []
        for gap in gaps(in: step.interval) {
            switch (gap.before, gap.after) {
            case (nil, nil):
                // Clips matched (within the margin) but none covers any of the step.
                interior.append((gap, true))
            case (nil, let after?):
                let certain = after.time.uncertainty != nil
                if gap.span.seconds > tolerance + (after.time.uncertainty ?? after.time.readingUncertainty) {
                    findings.append(Finding(kind: .lateStart, severity: certain ? .error : .warning, stepID: step.id, article: article,
                                            evidence: FindingEvidence(clips: [after.clip.evidence()], intervals: [gap.span]),
                                            explanation: text.lateStart(step: step, gap: gap.span, first: after, certain: certain)))
                }
            case (let before?, nil):
                let certain = before.time.uncertainty != nil
                if gap.span.seconds > tolerance + (before.time.uncertainty ?? before.time.readingUncertainty) {
                    findings.append(Finding(kind: .earlyEnd, severity: certain ? .error : .warning, stepID: step.id, article: article,
                                            evidence: FindingEvidence(clips: [before.clip.evidence()], intervals: [gap.span]),
                                            explanation: text.earlyEnd(step: step, gap: gap.span, last: before, certain: certain)))
                }
            case (let before?, let after?):
                let (uncertainty, certain) = Self.uncertainty(between: before, and: after)
                if gap.span.seconds > tolerance + uncertainty { interior.append((gap, certain)) }
            }
        }
        if !interior.isEmpty {
            var clips: [ClipEvidence] = []
            var seen: Set<String> = []
            for (gap, _) in interior {
                for edge in [gap.before, gap.after].compactMap({ $0 }) where seen.insert(edge.clip.facts.id).inserted {
                    clips.append(edge.clip.evidence())
                }
            }
            let certain = interior.contains { $0.1 }
            findings.append(Finding(kind: .coverageGap, severity: certain ? .error : .warning, stepID: step.id, article: article,
                                    evidence: FindingEvidence(clips: clips, intervals: interior.map(\.0.span)),
                                    explanation: text.coverageGap(step: step, gaps: interior.map(\.0.span), tolerance: tolerance, certain: certain)))
        }
        return findings
    }

    /// How uncertain the length of a gap between two edges is, and whether that is known.
    static func uncertainty(between before: Edge, and after: Edge) -> (Double, Bool) {
        if before.clip.facts.device == after.clip.facts.device, before.era == after.era {
            return (before.time.readingUncertainty + after.time.readingUncertainty, true)
        }
        if let a = before.time.uncertainty, let b = after.time.uncertainty { return (a + b, true) }
        return (before.time.readingUncertainty + after.time.readingUncertainty, false)
    }
}
