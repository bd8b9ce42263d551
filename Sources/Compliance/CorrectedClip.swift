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
    /// The reset before the era the recordings' order placed this clip in (nil: not placed after one).
    let placedAfter: ClockReset?
    /// Placed in an era by the recordings' order (``ResetPlacement``).
    let placedByOrder: Bool

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

    /// Corrects `facts` with `model`; nil when no reading is a calendar time. With `era`, the offset is
    /// that era's (the recordings' order placed the clip there; `placedAfter` the reset before it).
    init?(_ facts: ClipFacts, model: ClockModel, policy: CheckPolicy, era: Int? = nil, placedAfter: ClockReset? = nil) {
        let clock = ZoneClock(zone: policy.clock.zone)
        let readings = ClipReadings(facts, clock: clock, tolerance: policy.timeTolerance,
                                    preEventBuffer: policy.preEventBuffer(for: facts), resolution: policy.readingResolution)
        guard let start = readings.start, let end = readings.end else { return nil }
        self.facts = facts
        if let era {
            startEstimate = model.estimate(at: start.instant, inEra: era)
            endEstimate = model.estimate(at: end.instant, inEra: era)
        } else {
            startEstimate = model.estimate(at: start.instant)
            endEstimate = model.estimate(at: end.instant)
        }
        self.placedAfter = placedAfter
        placedByOrder = era != nil
        func corrected(_ point: ClipReadings.Point, _ estimate: OffsetEstimate) -> CorrectedTime {
            CorrectedTime(instant: point.instant - estimate.offset, uncertainty: estimate.uncertainty.map { $0 + point.resolution },
                          readingUncertainty: point.resolution, deviceTime: clock.text(point.instant), source: point.source,
                          offset: estimate.offset, anchoredBy: estimate.readings)
        }
        self.start = corrected(start, startEstimate)
        self.end = corrected(end, endEstimate)
        disagreement = readings.disagreement.map {
            TimeSourceValue(source: $0.source, deviceTime: clock.text($0.start), difference: $0.start.timeIntervalSince(start.instant))
        }
        defaultDate = start.instant < model.implausible
    }
}
