import Compliance
import ComplianceCatalog
import Evidence
import Foundation
import Synchronization

/// Where a case check spends its time: the checker runs on the catalog's sources wrapped in timers,
/// so each kind of question (clips by interval, clips by sequence, custody, clock readings) is timed
/// and counted, and what is left is the checker's own logic. `recgate-bench cases --phases N`.
final class PhaseTimer: Sendable {
    struct Phase {
        var calls = 0
        var seconds = 0.0
        var results = 0
    }

    private let phases = Mutex<[String: Phase]>([:])

    func time<T>(_ name: String, count: (T) -> Int = { _ in 0 }, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = seconds(start.duration(to: clock.now))
        phases.withLock {
            $0[name, default: Phase()].calls += 1
            $0[name, default: Phase()].seconds += elapsed
            $0[name, default: Phase()].results += count(result)
        }
        return result
    }

    var snapshot: [String: Phase] { phases.withLock { $0 } }
}

struct TimedClips: ClipSource {
    let base: any ClipSource
    let timer: PhaseTimer

    func clips(devices: Set<String>, officers: Set<String>, overlapping interval: DateInterval) throws -> [Compliance.ClipFacts] {
        try timer.time(officers.isEmpty ? "clips by device and interval" : "clips by officer and interval", count: { $0.count }) {
            try base.clips(devices: devices, officers: officers, overlapping: interval)
        }
    }

    func clips(device: String, session: String?, sequences: ClosedRange<Int>) throws -> [Compliance.ClipFacts] {
        try timer.time("clips by sequence", count: { $0.count }) { try base.clips(device: device, session: session, sequences: sequences) }
    }
}

struct TimedCustody: CustodySource {
    let base: any CustodySource
    let timer: PhaseTimer

    func records(officers: Set<String>, overlapping interval: DateInterval) throws -> [CustodyRecord] {
        try timer.time("custody by officer", count: { $0.count }) { try base.records(officers: officers, overlapping: interval) }
    }

    func records(device: String, overlapping interval: DateInterval) throws -> [CustodyRecord] {
        try timer.time("custody by device", count: { $0.count }) { try base.records(device: device, overlapping: interval) }
    }
}

struct TimedClocks: ClockObservationSource {
    let base: any ClockObservationSource
    let timer: PhaseTimer

    func observations(device: String) throws -> [ClockObservation] {
        try timer.time("clock readings", count: { $0.count }) { try base.observations(device: device) }
    }
}

enum CasePhases {
    /// Checks the first `count` cases with timed sources and prints the breakdown.
    static func report(catalog: Catalog, clips: Int, count: Int) throws {
        let timer = PhaseTimer()
        let catalogue = try StepCatalogue.builtin()
        let desk = CaseDesk(catalog: catalog, catalogue: catalogue)
        let checker = ComplianceChecker(
            catalogue: catalogue, clips: TimedClips(base: CatalogClipSource(catalog: catalog), timer: timer),
            custody: TimedCustody(base: CatalogCustody(catalog: catalog), timer: timer),
            clocks: TimedClocks(base: CatalogClockReadings(catalog: catalog), timer: timer))
        let ids = Array(try catalog.caseIDs().prefix(count))
        let clock = ContinuousClock()
        let start = clock.now
        for id in ids {
            // As `CaseDesk.check(caseID:)` does it: one snapshot for the case.
            try catalog.reading {
                guard let record = try timer.time("case file and its JSON", { try desk.record(caseID: id) }) else { return }
                blackHole(try timer.time("check (everything below)") { try checker.check(record) })
            }
        }
        let total = seconds(start.duration(to: clock.now))
        let phases = timer.snapshot
        print("where one case's check goes at \(clips) clips (\(ids.count) cases, \(fixed(total / Double(ids.count) * 1000, 2)) ms a case):")
        let sources = phases.filter { $0.key != "check (everything below)" && $0.key != "case file and its JSON" }
        let inSources = sources.values.reduce(0) { $0 + $1.seconds }
        var lines = phases.sorted { $0.value.seconds > $1.value.seconds }.map { ($0.key, $0.value) }
        lines.append(("checker logic (check less its queries)",
                      PhaseTimer.Phase(calls: ids.count, seconds: (phases["check (everything below)"]?.seconds ?? 0) - inSources)))
        for (name, phase) in lines {
            let perCase = phase.seconds / Double(ids.count) * 1000
            let results = phase.results > 0 ? ", \(fixed(Double(phase.results) / Double(max(1, phase.calls)), 1)) rows a call" : ""
            print("  \(name.padding(to: 40)) \(fixed(perCase, 3).leftPadding(to: 7)) ms a case, "
                  + "\(fixed(Double(phase.calls) / Double(ids.count), 1)) calls a case, "
                  + "\(fixed(phase.seconds / Double(max(1, phase.calls)) * 1e6, 1)) µs a call\(results)")
        }
    }
}
