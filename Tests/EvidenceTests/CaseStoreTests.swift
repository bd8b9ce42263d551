import Foundation
import GRDB
import Testing

@testable import Evidence

@Suite("Cases, custody and clock observations in the catalog")
struct CaseStoreTests {
    static func step(_ id: String, start: TimeInterval, end: TimeInterval) -> NewCase.Step {
        NewCase.Step(stepID: id, type: "on_site_inspection", start: CatalogFixture.time(start),
                     end: CatalogFixture.time(end), officers: ["310045"], devices: [], fullProcess: false)
    }

    static func newCase(_ id: String, document: String, steps: [NewCase.Step]) -> NewCase {
        NewCase(caseID: id, title: "违法建设现场检查", department: "一中队", document: document, steps: steps)
    }

    @Test func reimportKeepsEveryRevisionAndReplacesTheSteps() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        let v1 = Self.newCase("CZ-1", document: #"{"case_id":"CZ-1","v":1}"#, steps: [Self.step("S1", start: 0, end: 600)])
        #expect(try catalog.importCases([v1], source: "a.json", actor: "clerk", at: CatalogFixture.t0) == [.created])
        #expect(try catalog.importCases([v1], source: "a.json", actor: "clerk", at: CatalogFixture.t0) == [.unchanged])

        let v2 = Self.newCase("CZ-1", document: #"{"case_id":"CZ-1","v":2}"#,
                              steps: [Self.step("S2", start: 3600, end: 4200), Self.step("S3", start: 5000, end: 5100)])
        #expect(try catalog.importCases([v2], source: "b.json", actor: "clerk", at: CatalogFixture.time(60)) == [.updated])

        let current = try #require(try catalog.caseFile(id: "CZ-1"))
        #expect(current.revision == 2 && current.document == v2.document)
        let revisions = try catalog.caseRevisions(id: "CZ-1")
        #expect(revisions.map(\.revision) == [1, 2])
        #expect(revisions.map(\.source) == ["a.json", "b.json"])
        #expect(revisions[0].document == v1.document)

        // Only the current revision's steps answer time queries.
        #expect(try catalog.caseIDs(since: CatalogFixture.time(3000)) == ["CZ-1"])
        #expect(try catalog.caseIDs(since: CatalogFixture.time(6000)) == [])
        let actions = try catalog.auditEntries().map(\.action)
        #expect(actions.filter { $0 == "case.import" }.count == 1 && actions.filter { $0 == "case.update" }.count == 1)
        #expect(try catalog.verifyAudit().isIntact)
    }

    @Test func aFileWithTheSameCaseTwiceImportsNothing() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let a = Self.newCase("CZ-2", document: "{}", steps: [])
        let b = Self.newCase("CZ-3", document: "{}", steps: [])
        #expect(throws: EvidenceError.self) {
            try fixture.catalog.importCases([b, a, a], source: "dup.json", actor: "clerk", at: CatalogFixture.t0)
        }
        #expect(try fixture.catalog.caseIDs() == [])
    }

    @Test func revisionsCannotBeRewritten() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        _ = try fixture.catalog.importCases([Self.newCase("CZ-4", document: "{}", steps: [])], source: "x",
                                            actor: "clerk", at: CatalogFixture.t0)
        let queue = try DatabaseQueue(path: fixture.databasePath)
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "UPDATE case_revision SET document = '{\"forged\":1}'") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "DELETE FROM clock_observation") ; try $0.execute(sql: "DELETE FROM case_revision") }
        }
    }

    @Test func custodyPeriodsAreAddedThenClosed() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        let open = NewCustody(officer: "310045", deviceSerial: "A001234", from: CatalogFixture.t0, to: nil)
        let other = NewCustody(officer: "310046", deviceSerial: "A001235", from: CatalogFixture.time(100),
                               to: CatalogFixture.time(7200))
        var result = try catalog.importCustody([open, other], source: "file:c.json", actor: "keeper", at: CatalogFixture.t0)
        #expect(result.added == 2 && result.updated == 0)

        var closed = open
        closed.to = CatalogFixture.time(36_000)
        result = try catalog.importCustody([closed, other], source: "file:c2.json", actor: "keeper", at: CatalogFixture.t0)
        #expect(result.added == 0 && result.updated == 1 && result.unchanged == 1)

        let t0 = Int64(CatalogFixture.t0.timeIntervalSince1970)
        #expect(try catalog.custody(deviceSerials: ["A001234"], from: t0 + 36_001, to: t0 + 40_000).isEmpty)
        #expect(try catalog.custody(deviceSerials: ["A001234"], from: t0 + 35_000, to: t0 + 40_000).map(\.officer) == ["310045"])
        #expect(try catalog.custody(officers: ["310046"], from: t0, to: t0 + 50).isEmpty)
        #expect(try catalog.custody(from: t0 + 150, to: t0 + 160).map(\.officer) == ["310045", "310046"])

        var backwards = open
        backwards.to = CatalogFixture.time(-1)
        #expect(throws: EvidenceError.self) {
            try catalog.importCustody([backwards], source: "bad", actor: "keeper", at: CatalogFixture.t0)
        }
    }

    @Test func clockObservationsAreKeptOnceInGatewayOrder() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        let later = NewClockObservation(deviceSerial: "A001234", deviceTime: "2026-11-04T09:30:07",
                                        gatewayTime: CatalogFixture.time(86_400), source: "dock")
        let earlier = NewClockObservation(deviceSerial: "A001234", deviceTime: "2026-11-03T09:30:02",
                                          gatewayTime: CatalogFixture.t0, source: "manual", note: "read off the screen")
        #expect(try catalog.recordClockObservations([later, earlier], actor: "keeper", at: CatalogFixture.t0) == 2)
        #expect(try catalog.recordClockObservations([earlier], actor: "keeper", at: CatalogFixture.t0) == 0)
        let rows = try catalog.clockObservations(deviceSerial: "A001234")
        #expect(rows.map(\.deviceTime) == ["2026-11-03T09:30:02", "2026-11-04T09:30:07"])
        #expect(rows.map(\.source) == ["manual", "dock"])
        #expect(try catalog.auditEntries().filter { $0.action == "clock.observed" }.count == 2)
    }
}
