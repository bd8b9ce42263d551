import Foundation
import GRDB
import Testing

@testable import Evidence

/// The audit log against the catalog's rows: entries removed with the chain rebuilt and the anchor
/// rewritten, or rows deleted behind the triggers' back, are found from what the rows prove.
@Suite("Audit log against the catalog")
struct AuditCoverageTests {
    /// A catalog with one device, one finished session of three new clips (one released) and a
    /// sighting of known bytes in a second session.
    struct Offloaded {
        let fixture: CatalogFixture
        let session: SessionRow
        let clips: [ClipRow]
        let released: SightingRow
    }

    func offloaded() throws -> Offloaded {
        let fixture = try CatalogFixture()
        let device = try fixture.device()
        let session = try fixture.session(device)
        var clips: [ClipRow] = []
        var sightings: [SightingRow] = []
        for index in 1...3 {
            let outcome = try fixture.catalog.recordVerified(
                CatalogFixture.newClip(sha256: CatalogFixture.digest(index), device: device, session: session,
                                       path: "DCIM/100MEDIA/A001234_2026110309300\(index)_000\(index).MP4"),
                actor: "dock:3", at: CatalogFixture.time(Double(index)))
            clips.append(outcome.clip)
            sightings.append(outcome.sighting)
        }
        // A release is audited before the device's copy is deleted, and confirmed after.
        try fixture.catalog.auditRelease(sightingID: sightings[1].id, basis: "copied", actor: "dock:3", at: CatalogFixture.time(10))
        let released = try fixture.catalog.confirmRelease(sightingID: sightings[1].id, at: CatalogFixture.time(10))
        try fixture.catalog.finishSession(
            id: session.id, status: .completed, stored: 3, alreadyStored: 0, failed: 0, error: nil, at: CatalogFixture.time(11))
        #expect(try fixture.catalog.verifyAudit().isIntact)
        return Offloaded(fixture: fixture, session: session, clips: clips, released: released)
    }

    /// Runs `sql` on the file with the guards dropped and foreign keys off, as someone with the file would.
    static func tamper(_ fixture: CatalogFixture, _ sql: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: fixture.databasePath, configuration: configuration)
        try queue.write { db in
            for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \(name)")
            }
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    /// Renumbers the log from 1 and recomputes every hash, then writes the anchor at its new head:
    /// a valid chain and a consistent anchor, as a careful attacker leaves them.
    static func rebuildChain(_ fixture: CatalogFixture, anchors: [URL]) throws {
        let queue = try DatabaseQueue(path: fixture.databasePath)
        let head = try queue.write { db -> AuditAnchor.State in
            for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'") {
                try db.execute(sql: "DROP TRIGGER \(name)")
            }
            let rows = try Row.fetchAll(db, sql: "SELECT id, at, actor, action, object, digest, detail FROM audit ORDER BY seq")
            try db.execute(sql: "DELETE FROM audit")
            var previous = SHA256Hex.zero
            for (index, row) in rows.enumerated() {
                let seq = index + 1
                let hash = AuditEntry.chainHash(
                    seq: seq, id: row["id"], at: row["at"], actor: row["actor"], action: row["action"],
                    object: row["object"], digest: row["digest"], detail: row["detail"], prevHash: previous)
                try db.execute(sql: """
                    INSERT INTO audit (seq, id, at, actor, action, object, digest, detail, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [seq, row["id"], row["at"], row["actor"], row["action"], row["object"],
                                     row["digest"], row["detail"], previous, hash])
                previous = hash
            }
            return AuditAnchor.State(count: rows.count, head: previous)
        }
        try queue.close()
        for anchor in anchors { try AuditAnchor(path: anchor.path).write(head) }
    }

    func gaps(_ verification: AuditVerification) -> [AuditGap] {
        guard case .incomplete(_, _, let gaps) = verification else {
            Issue.record("expected an incomplete log, got \(verification)")
            return []
        }
        return gaps
    }

    @Test func aDeletedClipRowLeavesItsEntryWithoutARow() throws {
        let state = try offloaded()
        defer { state.fixture.remove() }
        let victim = state.clips[0]
        try Self.tamper(state.fixture, "DELETE FROM clip WHERE id = '\(victim.id)'")
        let gaps = gaps(try state.fixture.catalog.verifyAudit())
        #expect(gaps.contains(AuditGap(kind: .missingRow, action: "clip.stored", object: "clip:\(victim.id)", seq: 3,
                                       sha256: victim.sha256)), "\(gaps)")
        #expect(try state.fixture.catalog.clipAuditGaps().map(\.object) == ["clip:\(victim.id)"])
    }

    @Test func aRemovedClipStoredEntryIsFoundThoughTheChainWasRebuilt() throws {
        let state = try offloaded()
        defer { state.fixture.remove() }
        let victim = state.clips[2]
        try Self.tamper(state.fixture, "DELETE FROM audit WHERE object = 'clip:\(victim.id)' AND action = 'clip.stored'")
        try Self.rebuildChain(state.fixture, anchors: [state.fixture.catalog.auditAnchorPath])
        let verification = try state.fixture.catalog.verifyAudit()
        #expect(gaps(verification) == [
            AuditGap(kind: .missingEntry, action: "clip.stored", object: "clip:\(victim.id)", sha256: victim.sha256),
        ])
        #expect(gaps(verification).first?.description.contains("clip:\(victim.id) has no clip.stored entry") == true)
    }

    @Test func aCutTailWithARewrittenAnchorIsFound() throws {
        let state = try offloaded()
        defer { state.fixture.remove() }
        // The last two entries: the release and the session's end.
        try Self.tamper(state.fixture, "DELETE FROM audit WHERE seq > (SELECT MAX(seq) - 2 FROM audit)")
        try Self.rebuildChain(state.fixture, anchors: [state.fixture.catalog.auditAnchorPath])
        #expect(Set(gaps(try state.fixture.catalog.verifyAudit())) == [
            AuditGap(kind: .missingEntry, action: "offload.end", object: "session:\(state.session.id)"),
            AuditGap(kind: .missingEntry, action: "device.release", object: "sighting:\(state.released.id)"),
        ])
        // And with the anchor removed too, the missing anchor is reported first.
        try FileManager.default.removeItem(at: state.fixture.catalog.auditAnchorPath)
        guard case .broken(_, let reason) = try state.fixture.catalog.verifyAudit() else {
            Issue.record("a cut tail without its anchor went unnoticed")
            return
        }
        #expect(reason.contains("missing"))
    }

    @Test func aSessionWithoutItsBeginAndAnEntryAboutNoRowAreNamed() throws {
        let state = try offloaded()
        defer { state.fixture.remove() }
        try Self.tamper(state.fixture, """
            DELETE FROM audit WHERE object = 'session:\(state.session.id)' AND action = 'offload.begin';
            DELETE FROM device;
            """)
        try Self.rebuildChain(state.fixture, anchors: [state.fixture.catalog.auditAnchorPath])
        let found = gaps(try state.fixture.catalog.verifyAudit())
        #expect(found.contains { $0.kind == .missingEntry && $0.action == "offload.begin" && $0.object == "session:\(state.session.id)" })
        #expect(found.contains { $0.kind == .missingRow && $0.action == "device.register" })
    }

    @Test func entriesOfOtherActionsNameNothingToCheck() throws {
        // Clock and custody entries name a device by serial; unknown actions are not checked.
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        _ = try fixture.catalog.appendAudit(actor: "a", action: "test.event", object: "clip:nowhere", digest: "", detail: "",
                                            at: CatalogFixture.t0)
        #expect(try fixture.catalog.verifyAudit().isIntact)
    }

    @Test func theHeadCopyCatchesALogRewrittenWithItsAnchor() throws {
        let elsewhere = try TemporaryDirectory("head-copy")
        defer { elsewhere.remove() }
        let copyURL = elsewhere.url.appendingPathComponent("recgate.audit_head")
        let directory = try TemporaryDirectory("catalog")
        defer { directory.remove() }
        let catalog = try Catalog(path: directory.url.appendingPathComponent("catalog.sqlite"), auditHeadCopy: copyURL)
        let fixture = CatalogFixture(directory: directory, catalog: catalog)
        let device = try fixture.device()
        let session = try fixture.session(device)
        _ = try catalog.recordVerified(CatalogFixture.newClip(sha256: CatalogFixture.digest(1), device: device, session: session),
                                       actor: "dock:3", at: CatalogFixture.t0)
        _ = try catalog.appendAudit(actor: "a", action: "test.event", object: "", digest: "", detail: "", at: CatalogFixture.t0)
        let verified = try catalog.verifyAudit()
        guard case .intact(let count, let head) = verified else {
            Issue.record("expected intact, got \(verified)")
            return
        }
        #expect(try String(contentsOf: copyURL, encoding: .utf8) == "{\"count\":\(count),\"head\":\"\(head)\"}\n")

        // The last entry removed, the chain and the anchor next to it made consistent: only the copy knows.
        try AuditCoverageTests.tamper(fixture, "DELETE FROM audit WHERE seq = \(count)")
        try Self.rebuildChain(fixture, anchors: [catalog.auditAnchorPath])
        guard case .broken(let seq, let reason) = try catalog.verifyAudit() else {
            Issue.record("a log rewritten with its anchor went unnoticed")
            return
        }
        #expect(seq == count)
        #expect(reason.contains(copyURL.path) && reason.contains(catalog.auditAnchorPath.path), "\(reason)")

        try FileManager.default.removeItem(at: copyURL)
        guard case .broken(_, let missing) = try catalog.verifyAudit() else {
            Issue.record("a missing head copy went unnoticed")
            return
        }
        #expect(missing.contains(copyURL.path) && missing.contains("missing"), "\(missing)")
    }

    @Test func anInterruptedSessionIsClosedWithWhatItCatalogued() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let device = try fixture.device()
        let earlier = try fixture.session(device)
        _ = try fixture.catalog.recordVerified(
            CatalogFixture.newClip(sha256: CatalogFixture.digest(9), device: device, session: earlier, path: "a/known.MP4"),
            actor: "dock:3", at: CatalogFixture.t0)
        try fixture.catalog.finishSession(id: earlier.id, status: .completed, stored: 1, alreadyStored: 0, failed: 0,
                                          error: nil, at: CatalogFixture.t0)
        let killed = try fixture.session(device, at: CatalogFixture.time(60))
        for index in 1...2 {
            _ = try fixture.catalog.recordVerified(
                CatalogFixture.newClip(sha256: CatalogFixture.digest(index), device: device, session: killed, path: "b/\(index).MP4"),
                actor: "dock:3", at: CatalogFixture.time(61))
        }
        _ = try fixture.catalog.recordVerified(
            CatalogFixture.newClip(sha256: CatalogFixture.digest(9), device: device, session: killed, path: "b/copy.MP4"),
            actor: "dock:3", at: CatalogFixture.time(62))
        try fixture.catalog.recordFailure(sessionID: killed.id, sourcePath: "b/bad.MP4", error: "read error", actor: "dock:3",
                                          at: CatalogFixture.time(63))

        let closed = try fixture.catalog.interruptRunningSessions(actor: "recgate", at: CatalogFixture.time(120))
        #expect(closed.map(\.id) == [killed.id])
        let row = try #require(try fixture.catalog.session(id: killed.id))
        #expect(row.status == .interrupted)
        #expect(row.stored == 2)
        #expect(row.alreadyStored == 1)
        #expect(row.failed == 1)
        let end = try #require(try fixture.catalog.auditEntries(object: "session:\(killed.id)").last)
        #expect(end.action == "offload.end" && end.detail.contains("\"stored\":2") && end.detail.contains("\"failed\":1"),
                "\(end.detail)")
        #expect(try fixture.catalog.verifyAudit().isIntact)
    }
}
