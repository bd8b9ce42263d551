import Foundation

/// A clip with its readings corrected by its device's clock model (computed once per check).
struct CorrectedClip: Sendable {
    let facts: ClipFacts
    let start: CorrectedTime
    let end: CorrectedTime
    let startEstimate: OffsetEstimate
    let endEstimate: OffsetEstimate
    /// The sources' starts when they disagree.
    let disagreement: [TimeSourceValue]
    /// The device time is a default date (flagged even when a reading explains it).
    let defaultDate: Bool

    var interval: DateInterval { DateInterval(start: start.instant, end: max(start.instant, end.instant)) }

    /// The worst of the start's and end's clock status.
    var clock: ClockStatus {
        for status in [ClockStatus.defaultDate, .resetSpan, .noClockReading, .extrapolated]
        where startEstimate.status == status || endEstimate.status == status { return status }
        return .interpolated
    }

    func evidence(matchedBy: [String] = []) -> ClipEvidence {
        ClipEvidence(clipID: facts.id, device: facts.device, officer: facts.officer, sequence: facts.sequence, kind: facts.kind,
                     start: start, end: end, clock: clock, matchedBy: matchedBy)
    }

    /// Corrects `facts` with `model`; nil when no reading is a calendar time.
    init?(_ facts: ClipFacts, model: ClockModel, policy: CheckPolicy) {
        let clock = ZoneClock(zone: policy.clock.zone)
        let readings = ClipReadings(facts, clock: clock, tolerance: policy.timeTolerance,
                                    preEventBuffer: policy.preEventBuffer(for: facts), resolution: policy.readingResolution)
        guard let start = readings.start, let end = readings.end else { return nil }
        self.facts = facts
        startEstimate = model.estimate(at: start.instant)
        endEstimate = model.estimate(at: end.instant)
        func corrected(_ point: ClipReadings.Point, _ estimate: OffsetEstimate) -> CorrectedTime {
            CorrectedTime(instant: point.instant - estimate.offset, uncertainty: estimate.uncertainty.map { $0 + point.resolution },
                          readingUncertainty: point.resolution, deviceTime: clock.text(point.instant), source: point.source,
                          offset: estimate.offset)
        }
        self.start = corrected(start, startEstimate)
        self.end = corrected(end, endEstimate)
        disagreement = readings.disagreement.map {
            TimeSourceValue(source: $0.source, deviceTime: clock.text($0.start), difference: $0.start.timeIntervalSince(start.instant))
        }
        let implausible = clock.instant(policy.clock.implausibleBefore) ?? .distantPast
        defaultDate = start.instant < implausible
    }
}
