import DeviceKit
import Foundation

/// One device's clock as its readings describe it: eras between sets and resets, and the offset at any
/// device time with its uncertainty.
///
/// Offset at device time t between readings b and a of one era (w = (t − d_b) / (d_a − d_b)):
/// `o = o_b + w (o_a − o_b)`, uncertainty `(1 − w) u_b + w u_a + n`, where u is a reading's resolution
/// and n bounds how far a clock whose rate stays within the drift bound r' = max(r, |slope|) can leave
/// the straight line: with A = t − d_b and B = d_a − t in days and s the slope,
/// `n = max(min((r' − s) A, (r' + s) B), min((r' + s) A, (r' − s) B))` (0 at the readings, r'·min(A, B)
/// for a flat line). With one reading only: its offset, uncertainty `u + r · |t − d| / 1 day`.
public struct ClockModel: Sendable {
    public let device: String
    public let policy: ClockPolicy
    /// Resets found in the readings, oldest first.
    public let resets: [ClockReset]
    let eras: [ClockEra]
    /// What each era's device times can be (``domain(of:policy:)``), by era.
    let domains: [EraDomain]
    let clock: ZoneClock
    /// A reading whose device time is not a calendar time is skipped (and counted here).
    public let unreadableObservations: Int

    /// Whether any era has a reading (kept: every estimate asks).
    public let hasReadings: Bool
    /// The policy's implausible-before date on the zone's clock (kept: every estimate compares with it).
    let implausible: Date

    public init(device: String, observations: [ClockObservation], policy: ClockPolicy) {
        self.device = device
        self.policy = policy
        clock = ZoneClock(zone: policy.zone)
        let ordered = observations.filter { $0.device == device }.sorted { $0.gatewayTime < $1.gatewayTime }
        var eras: [ClockEra] = []
        var resets: [ClockReset] = []
        var current = ClockEra()
        var unreadable = 0
        var last: (observation: ClockObservation, anchor: ClockEra.Anchor)?
        let implausible = clock.instant(policy.implausibleBefore) ?? .distantPast
        self.implausible = implausible
        for observation in ordered {
            guard let deviceInstant = clock.instant(observation.deviceTime) else { unreadable += 1; continue }
            let anchor = ClockEra.Anchor(
                deviceInstant: deviceInstant, gatewayTime: observation.gatewayTime,
                offset: deviceInstant.timeIntervalSince(observation.gatewayTime), uncertainty: policy.resolution(of: observation.source))
            var reason: ClockReset.Reason?
            if deviceInstant < implausible, last.map({ $0.anchor.deviceInstant >= implausible }) ?? true {
                reason = .defaultDate
            } else if let previous = current.anchors.last {
                let days = observation.gatewayTime.timeIntervalSince(previous.gatewayTime) / 86_400
                let allowed = policy.resetTolerance + policy.driftBound * days + previous.uncertainty + anchor.uncertainty
                if deviceInstant < previous.deviceInstant.addingTimeInterval(-policy.resetTolerance) {
                    reason = .wentBack
                } else if abs(anchor.offset - previous.offset) > allowed {
                    reason = .jumped
                }
            }
            if let reason {
                let reset = ClockReset(
                    device: device, reason: reason, lastGoodReading: last?.observation.gatewayTime,
                    lastGoodDeviceTime: last?.observation.deviceTime, revealedAt: observation.gatewayTime,
                    revealedDeviceTime: observation.deviceTime)
                resets.append(reset)
                if !current.anchors.isEmpty || last != nil {
                    current.end = .reset(reset)
                    eras.append(current)
                }
                current = ClockEra(anchors: [], start: .reset(reset), end: .open)
            }
            current.anchors.append(anchor)
            last = (observation, anchor)
            if observation.clockSet {
                // After the set the device shows the gateway's time: a new era starting at offset 0.
                current.end = .set
                eras.append(current)
                let setAnchor = ClockEra.Anchor(
                    deviceInstant: observation.gatewayTime, gatewayTime: observation.gatewayTime, offset: 0,
                    uncertainty: policy.setResolution)
                current = ClockEra(anchors: [setAnchor], start: .set, end: .open)
            }
        }
        eras.append(current)
        self.eras = eras
        domains = eras.map { Self.domain(of: $0, policy: policy) }
        hasReadings = eras.contains { !$0.anchors.isEmpty }
        self.resets = resets
        unreadableObservations = unreadable
    }

    // MARK: offset at a device time

    /// The offset at device time `reading` (the device's wall clock read in the policy's zone).
    public func estimate(at deviceInstant: Date) -> OffsetEstimate {
        guard hasReadings else {
            return OffsetEstimate(offset: 0, uncertainty: nil, status: deviceInstant < implausible ? .defaultDate : .noClockReading)
        }
        let (index, ambiguity) = era(for: deviceInstant)
        let era = eras[index]
        let anchors = era.anchors
        // A default date that no reading in this era explains (the era's readings are real dates).
        if deviceInstant < implausible, let first = anchors.first, first.deviceInstant >= implausible {
            return OffsetEstimate(offset: 0, uncertainty: nil, status: .defaultDate, era: index)
        }
        guard let first = anchors.first, let lastAnchor = anchors.last else {
            return OffsetEstimate(offset: 0, uncertainty: nil, status: .noClockReading, era: index)
        }
        if let ambiguity {
            // A clock that went back repeats device times: this one may be from before the reset or after.
            let anchor = deviceInstant < first.deviceInstant ? first : lastAnchor
            return OffsetEstimate(offset: anchor.offset, uncertainty: nil, status: .resetSpan, reset: ambiguity, readings: [anchor.gatewayTime], era: index)
        }
        if deviceInstant < first.deviceInstant, case .reset(let reset) = era.start {
            return OffsetEstimate(offset: first.offset, uncertainty: nil, status: .resetSpan, reset: reset, readings: [first.gatewayTime], era: index)
        }
        if deviceInstant > lastAnchor.deviceInstant, case .reset(let reset) = era.end {
            return OffsetEstimate(offset: lastAnchor.offset, uncertainty: nil, status: .resetSpan, reset: reset, readings: [lastAnchor.gatewayTime], era: index)
        }
        return placed(deviceInstant, era: index)
    }

    /// The offset at `deviceInstant` from era `index`'s readings alone: interpolated between them, else
    /// extrapolated from the nearest with the drift bound (one-sided, as after the last reading before a
    /// reset). For a time the recordings' order has placed in an era (``ResetPlacement``).
    public func estimate(at deviceInstant: Date, inEra index: Int) -> OffsetEstimate {
        guard eras.indices.contains(index) else { return estimate(at: deviceInstant) }
        return placed(deviceInstant, era: index)
    }

    /// The eras on either side of `reset`: the one it ended and the one it started.
    func erasBeside(_ reset: ClockReset) -> (before: Int?, after: Int?) {
        let before = eras.firstIndex { if case .reset(let r) = $0.end { r == reset } else { false } }
        let after = eras.firstIndex { if case .reset(let r) = $0.start { r == reset } else { false } }
        return (before, after)
    }

    private func placed(_ deviceInstant: Date, era index: Int) -> OffsetEstimate {
        let anchors = eras[index].anchors
        guard let first = anchors.first, let lastAnchor = anchors.last else {
            return OffsetEstimate(offset: 0, uncertainty: nil, status: .noClockReading, era: index)
        }
        let r = policy.driftBound
        let after = anchors.firstIndex { $0.deviceInstant >= deviceInstant }
        switch after {
        case nil:
            let days = deviceInstant.timeIntervalSince(lastAnchor.deviceInstant) / 86_400
            return OffsetEstimate(offset: lastAnchor.offset, uncertainty: lastAnchor.uncertainty + r * days,
                                  status: .extrapolated, readings: [lastAnchor.gatewayTime], era: index)
        case 0?:
            let days = first.deviceInstant.timeIntervalSince(deviceInstant) / 86_400
            let status: ClockStatus = days == 0 ? .interpolated : .extrapolated
            return OffsetEstimate(offset: first.offset, uncertainty: first.uncertainty + r * days,
                                  status: status, readings: [first.gatewayTime], era: index)
        case let a?:
            let b = anchors[a - 1], next = anchors[a]
            if next.deviceInstant == deviceInstant {
                return OffsetEstimate(offset: next.offset, uncertainty: next.uncertainty, status: .interpolated, readings: [next.gatewayTime], era: index)
            }
            let span = next.deviceInstant.timeIntervalSince(b.deviceInstant)
            let w = deviceInstant.timeIntervalSince(b.deviceInstant) / span
            let offset = b.offset + w * (next.offset - b.offset)
            let slope = (next.offset - b.offset) / (span / 86_400)
            let rate = max(r, abs(slope))
            let daysA = deviceInstant.timeIntervalSince(b.deviceInstant) / 86_400
            let daysB = next.deviceInstant.timeIntervalSince(deviceInstant) / 86_400
            let bend = max(min((rate - slope) * daysA, (rate + slope) * daysB), min((rate + slope) * daysA, (rate - slope) * daysB))
            let uncertainty = (1 - w) * b.uncertainty + w * next.uncertainty + max(0, bend)
            return OffsetEstimate(offset: offset, uncertainty: uncertainty, status: .interpolated,
                                  readings: [b.gatewayTime, next.gatewayTime], era: index)
        }
    }
}
