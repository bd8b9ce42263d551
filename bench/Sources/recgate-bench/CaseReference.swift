import Compliance
import ComplianceCatalog
import Evidence
import Foundation

/// The same checks on in-memory sources (every clip, custody period and clock reading of the catalog
/// loaded, clips placed by the checker's own `ClipFacts.deviceSpan` and found by binary search), so a
/// reader sees that the catalog's indexed queries (bounds, long spans, snapshots, kept readings) give
/// exactly the results of the reference implementation.
enum CaseReference {
    struct Outcome {
        var compared: Int
        var differing: [String]
        var loadSeconds: Double
    }

    static func compare(catalog: Catalog, desk: CaseDesk, ids: [String], seed: UInt64) throws -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let everything = DateInterval(start: Date(timeIntervalSince1970: -1e10), end: Date(timeIntervalSince1970: 1e11))
        let serials = try catalog.devices().map(\.serial)
        let clips = try CatalogClipSource(catalog: catalog).clips(devices: Set(serials), officers: [], overlapping: everything)
        let custody = try catalog.custody(officers: nil, from: Int64.min / 4, to: Int64.max / 4).map {
            CustodyRecord(officer: $0.officer, device: $0.deviceSerial, from: Date(timeIntervalSince1970: TimeInterval($0.fromS)),
                          to: $0.toS.map { Date(timeIntervalSince1970: TimeInterval($0)) })
        }
        let readings = CatalogClockReadings(catalog: catalog)
        let observations = try serials.flatMap { try readings.observations(device: $0) }
        let policy = desk.checker.policy
        let reference = ComplianceChecker(
            catalogue: desk.catalogue, policy: policy, clips: InMemoryClipSource(clips, zone: policy.clock.zone),
            custody: CustodyLedger(custody), clocks: InMemoryClockObservations(observations))
        let loadSeconds = seconds(start.duration(to: clock.now))

        var differing: [String] = []
        for id in ids {
            guard let record = try desk.record(caseID: id) else { continue }
            if try desk.check(caseID: id) != reference.check(record) { differing.append(id) }
        }
        return Outcome(compared: ids.count, differing: differing, loadSeconds: loadSeconds)
    }
}
