import DeviceKit
import Compliance
import Evidence
import Foundation
import Testing

@testable import ComplianceCatalog

/// Custody periods are checked against the catalog's, not only within one file, and the step
/// catalogue in use is recorded in the audit log when it changes: on a real catalog file.
@Suite("Custody overlaps against the catalog; the step catalogue's changes in the audit log")
struct CustodyAgainstCatalogTests {
    /// A catalog in a fresh folder (removed when the test ends).
    final class Home {
        let url: URL
        let catalog: Catalog
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("recgate-custody-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            catalog = try Catalog(path: url.appendingPathComponent("catalog.sqlite"))
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    static func at(_ hhmm: String, day: Int = 3) -> Date {
        guard case .success(let date) = RFC3339.parse("2026-11-0\(day)T\(hhmm):00+08:00") else { fatalError(hhmm) }
        return date
    }

    @Test func anotherOfficersPeriodForTheSameDeviceIsRefusedAndNothingIsWritten() throws {
        let home = try Home()
        let catalog = home.catalog
        let morning = NewCustody(officer: "310045", deviceSerial: "A001234", from: Self.at("08:00"), to: Self.at("12:00"))
        _ = try catalog.importCustody([morning], source: "dock", actor: "test", at: Date())
        let auditBefore = try catalog.auditEntries(afterSeq: 0, limit: 10_000).count

        let other = NewCustody(officer: "310046", deviceSerial: "B002345", from: Self.at("09:00"), to: nil)
        let overlapping = NewCustody(officer: "310046", deviceSerial: "A001234", from: Self.at("11:59"), to: Self.at("13:00"))
        let refused = #expect(throws: CustodyConflicts.self) {
            try catalog.importCustody([other, overlapping], source: "file:b.json", actor: "test", at: Date())
        }
        let conflict = try #require(refused?.conflicts.first)
        #expect(refused?.conflicts.count == 1)
        #expect(conflict.index == 1)
        #expect(conflict.existing.officer == "310045")
        #expect(conflict.existing.source == "dock")
        // All or nothing: the other device's period, which overlaps nothing, was not written either.
        #expect(try catalog.custody(officers: ["310046"], from: 0, to: Int64.max / 2).isEmpty)
        #expect(try catalog.auditEntries(afterSeq: 0, limit: 10_000).count == auditBefore)

        // Touching is not overlapping; the same officer may overlap himself; the same period is unchanged.
        let afternoon = NewCustody(officer: "310046", deviceSerial: "A001234", from: Self.at("12:00"), to: Self.at("18:00"))
        let sameOfficer = NewCustody(officer: "310045", deviceSerial: "A001234", from: Self.at("07:30"), to: Self.at("11:00"))
        let result = try catalog.importCustody([afternoon, sameOfficer, morning], source: "file:c.json", actor: "test", at: Date())
        #expect((result.added, result.unchanged) == (2, 1))

        // An open period of another officer overlaps everything after its start.
        _ = try catalog.importCustody([NewCustody(officer: "310047", deviceSerial: "C003456", from: Self.at("08:00"), to: nil)],
                                      source: "dock", actor: "test", at: Date())
        #expect(throws: CustodyConflicts.self) {
            try catalog.importCustody([NewCustody(officer: "310045", deviceSerial: "C003456", from: Self.at("08:00", day: 9),
                                                  to: Self.at("09:00", day: 9))], source: "file:d.json", actor: "test", at: Date())
        }
        // A new end for a known period is checked too: closing the morning after 310046 took the device.
        #expect(throws: CustodyConflicts.self) {
            try catalog.importCustody([NewCustody(officer: "310045", deviceSerial: "A001234", from: Self.at("08:00"),
                                                  to: Self.at("12:30"))], source: "file:e.json", actor: "test", at: Date())
        }
    }

    @Test func aLongPeriodLongAgoIsFoundThroughTheDevicesBound() throws {
        // The catalog's period started a week before the new one and is still running when it starts:
        // the query reads back as far as the device's longest period, not only near the new start.
        let home = try Home()
        _ = try home.catalog.importCustody([NewCustody(officer: "310045", deviceSerial: "A001234", from: Self.at("08:00", day: 1),
                                                       to: Self.at("08:00", day: 8))], source: "dock", actor: "test", at: Date())
        #expect(throws: CustodyConflicts.self) {
            try home.catalog.importCustody([NewCustody(officer: "310046", deviceSerial: "A001234", from: Self.at("09:00", day: 7),
                                                       to: Self.at("10:00", day: 7))], source: "file:f.json", actor: "test", at: Date())
        }
    }

    @Test func theCatalogueInUseIsAuditedOncePerChange() throws {
        let home = try Home()
        let shipped = try StepCatalogue.builtin()
        let shippedDigest = try #require(shipped.identity?.sha256)
        #expect(shipped.identity?.source == .shipped)
        let desk = CaseDesk(catalog: home.catalog, catalogue: shipped)
        #expect(try desk.noteCatalogue(actor: "test"))
        #expect(try !desk.noteCatalogue(actor: "test"))

        let file = home.url.appendingPathComponent("steps.json")
        // The shipped rules and one more space: the same types, another file.
        let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Compliance/Resources/steps.json")
        try (try Data(contentsOf: bundled) + Data(" ".utf8)).write(to: file)
        let override = try StepCatalogue.load(override: file)
        #expect(override.identity?.source == .override)
        #expect(override.identity?.sha256 != shippedDigest)
        let overrideDesk = CaseDesk(catalog: home.catalog, catalogue: override)
        #expect(try overrideDesk.noteCatalogue(actor: "test"))
        #expect(try !overrideDesk.noteCatalogue(actor: "test"))
        #expect(try desk.noteCatalogue(actor: "test"))

        let changes = try home.catalog.auditEntries(afterSeq: 0, limit: 1000).filter { $0.action == "catalogue.changed" }
        #expect(changes.map(\.digest) == [shippedDigest, try #require(override.identity?.sha256), shippedDigest])
        #expect(changes.allSatisfy { $0.object == "step_catalogue" })
        #expect(try home.catalog.verifyAudit().isIntact)
    }
}
