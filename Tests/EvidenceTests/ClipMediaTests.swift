import Foundation
import GRDB
import Testing

@testable import Evidence

@Suite("Clip media facts")
struct ClipMediaTests {
    func storedClip(_ fixture: CatalogFixture) throws -> ClipRow {
        let device = try fixture.device()
        let session = try fixture.session(device)
        let outcome = try fixture.catalog.recordVerified(
            CatalogFixture.newClip(sha256: CatalogFixture.digest(7), device: device, session: session),
            actor: "dock:3", at: CatalogFixture.t0)
        return outcome.clip
    }

    func facts(_ clip: ClipRow, prober: String = "recgate-probe/1", integrity: String = "ok") -> ClipMediaRow {
        ClipMediaRow(clipID: clip.id, prober: prober, probedAt: CatalogFixture.time(5), format: "mov,mp4",
                     duration: 3.0, integrity: integrity, creationTime: nil, facts: #"{"duration":3}"#)
    }

    @Test func recordsFactsOnceWithAnAuditEntry() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let clip = try storedClip(fixture)
        let before = try fixture.catalog.auditEntries().count

        let first = try fixture.catalog.recordMedia(facts(clip), actor: "dock:3")
        let again = try fixture.catalog.recordMedia(facts(clip, integrity: "corrupt"), actor: "dock:3")
        #expect(again == first, "the same prober's second report changes nothing")
        try fixture.catalog.recordMedia(facts(clip, prober: "recgate-probe/2", integrity: "truncated"), actor: "dock:3")

        let rows = try fixture.catalog.media(clipID: clip.id)
        #expect(rows.map(\.prober) == ["recgate-probe/1", "recgate-probe/2"])
        #expect(rows.map(\.integrity) == ["ok", "truncated"])
        let audit = try fixture.catalog.auditEntries()
        #expect(audit.count == before + 2)
        #expect(audit.last?.action == "clip.probed" && audit.last?.digest == clip.sha256)
        #expect(try fixture.catalog.verifyAudit().isIntact)
    }

    @Test func factsAreNeverChangedOrDeleted() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let clip = try storedClip(fixture)
        try fixture.catalog.recordMedia(facts(clip), actor: "dock:3")
        let queue = try DatabaseQueue(path: fixture.databasePath)
        defer { try? queue.close() }
        #expect(throws: (any Error).self) {
            try queue.write { try $0.execute(sql: "UPDATE clip_media SET integrity = 'corrupt'") }
        }
        #expect(throws: (any Error).self) {
            try queue.write { try $0.execute(sql: "DELETE FROM clip_media") }
        }
        #expect(throws: (any Error).self) {
            try queue.write { try $0.execute(sql: "INSERT INTO clip_media VALUES ('x', '\(clip.id)', 'p', 't', NULL, NULL, 'maybe', NULL, '{}')") }
        }
        #expect(try fixture.catalog.media(clipID: clip.id).map(\.integrity) == ["ok"])
    }
}

@Suite("Derived files")
struct DerivedRowTests {
    @Test func aDerivedFileIsLinkedToItsSourceAndAudited() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let device = try fixture.device()
        let session = try fixture.session(device)
        let clip = try fixture.catalog.recordVerified(
            CatalogFixture.newClip(sha256: CatalogFixture.digest(9), device: device, session: session),
            actor: "dock:3", at: CatalogFixture.t0).clip
        let row = DerivedRow(sourceClipID: clip.id, kind: "proxy", sha256: CatalogFixture.digest(10), size: 1234,
                             path: "/tmp/p.mp4", recipe: "proxy h264 crf28", actor: "staff:1",
                             createdAt: CatalogFixture.time(60))
        try fixture.catalog.recordDerived(row)
        #expect(try fixture.catalog.derived(clipID: clip.id) == [row])
        let last = try #require(try fixture.catalog.auditEntries().last)
        #expect(last.action == "derived.made" && last.digest == row.sha256 && last.object == "derived:\(row.id)")
        #expect(try fixture.catalog.verifyAudit().isIntact)

        // A file derived from a clip the catalog does not hold is refused.
        var orphan = row
        orphan.id = UUID().uuidString.lowercased()
        orphan.sourceClipID = UUID().uuidString.lowercased()
        #expect(throws: (any Error).self) { try fixture.catalog.recordDerived(orphan) }
    }
}
