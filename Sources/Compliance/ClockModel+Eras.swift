import Foundation

extension ClockModel {
    /// The era a device time belongs to: the one whose possible device times contain it, the one with
    /// readings around it when several do (a set leaves a few seconds that two eras could claim; the
    /// earlier wins, since a docked device records nothing), else the nearest. When eras on both sides
    /// of a reset could have stamped it, the reset is returned too: the time is ambiguous.
    func era(for deviceInstant: Date) -> (Int, ClockReset?) {
        var best = 0
        var bestScore = (Double.infinity, Double.infinity)
        var containing: [Int] = []
        for (i, domain) in domains.enumerated() {
            var outside = deviceInstant < domain.lower ? domain.lower.timeIntervalSince(deviceInstant)
                : deviceInstant > domain.upper ? deviceInstant.timeIntervalSince(domain.upper) : 0
            // An era whose readings are real dates did not stamp a default date.
            if deviceInstant < implausible, let first = domain.readings?.first, first >= implausible {
                outside = max(outside, implausible.timeIntervalSince(deviceInstant))
            }
            if outside == 0 { containing.append(i) }
            var fromReadings = Double.infinity
            if let (first, last) = domain.readings {
                fromReadings = deviceInstant < first ? first.timeIntervalSince(deviceInstant)
                    : deviceInstant > last ? deviceInstant.timeIntervalSince(last) : 0
            }
            let score = (outside, fromReadings)
            if score < bestScore {
                best = i
                bestScore = score
            }
        }
        var ambiguity: ClockReset?
        if let low = containing.first, let high = containing.last, low < high {
            for i in (low + 1)...high {
                if case .reset(let reset) = eras[i].start { ambiguity = reset; break }
            }
        }
        return (best, ambiguity)
    }

    /// The device times era `i` can have stamped.
    func deviceDomain(_ i: Int) -> (lower: Date, upper: Date) { (domains[i].lower, domains[i].upper) }

    /// The device times `era` can have stamped, and the device times of its first and last readings:
    /// worked out once, with the model, since every correction asks for each era's.
    static func domain(of era: ClockEra, policy: ClockPolicy) -> EraDomain {
        var lower = Date.distantPast, upper = Date.distantFuture
        switch era.start {
        case .open: break
        case .set: lower = era.anchors.first?.deviceInstant ?? .distantPast
        case .reset(let reset):
            // The clock restarted at most (revealed − last good) before it was read.
            if let first = era.anchors.first, let lastGood = reset.lastGoodReading {
                lower = first.deviceInstant.addingTimeInterval(-(reset.revealedAt.timeIntervalSince(lastGood) + policy.resetTolerance))
            }
        }
        switch era.end {
        case .open: break
        case .set: upper = era.anchors.last?.deviceInstant ?? .distantFuture
        case .reset(let reset):
            // The clock ran on normally until it was reset, at the latest when the reset was seen.
            if let last = era.anchors.last {
                let span = reset.revealedAt.timeIntervalSince(last.gatewayTime)
                upper = last.deviceInstant.addingTimeInterval(span * (1 + policy.driftBound / 86_400) + policy.resetTolerance)
            }
        }
        let readings = era.anchors.first.flatMap { first in era.anchors.last.map { (first.deviceInstant, $0.deviceInstant) } }
        return EraDomain(lower: lower, upper: upper, readings: readings)
    }
}

/// What ``ClockModel/era(for:)`` compares a device time with, for one era.
struct EraDomain: Sendable {
    var lower: Date
    var upper: Date
    /// The device times of the era's first and last readings; nil for an era without readings.
    var readings: (first: Date, last: Date)?
}
