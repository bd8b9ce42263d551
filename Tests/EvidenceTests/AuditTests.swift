import DeviceKit
import Foundation
import GRDB
import Testing

@testable import Evidence

@Suite("Audit log")
struct AuditTests {
    /// A catalog whose audit log holds `count` entries.
    private func chain(_ count: Int = 50) throws -> (CatalogFixture, [AuditEntry]) {
        let fixture = try CatalogFixture()
        var entries: [AuditEntry] = []
        for index in 1...count {
            entries.append(
                try fixture.catalog.appendAudit(
                    actor: "officer-\(index % 7)", action: "test.event", object: "clip:\(UUID().uuidString.lowercased())",
                    digest: index.isMultiple(of: 2) ? CatalogFixture.digest(index) : "",
                    detail: index.isMultiple(of: 3) ? "{\"n\":\(index)}" : "", at: CatalogFixture.time(Double(index) * 1.5)))
        }
        return (fixture, entries)
    }

    /// Opens the database file directly, as someone with the file would, and drops the guards.
    private func tamper(_ fixture: CatalogFixture, _ sql: String) throws {
        let queue = try DatabaseQueue(path: fixture.databasePath)
        try queue.write { db in
            try db.execute(sql: """
                DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_append_in_order;
                """)
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    @Test func emptyLogIsIntact() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        #expect(try fixture.catalog.verifyAudit() == .intact(count: 0, head: String(repeating: "0", count: 64)))
    }

    @Test func aChainOfFiftyVerifies() throws {
        let (fixture, entries) = try self.chain()
        defer { fixture.remove() }
        #expect(entries.map(\.seq) == Array(1...50))
        #expect(entries[0].prevHash == String(repeating: "0", count: 64))
        for (previous, entry) in zip(entries, entries.dropFirst()) {
            #expect(entry.prevHash == previous.hash)
        }
        #expect(try fixture.catalog.verifyAudit() == .intact(count: 50, head: entries[49].hash))
        #expect(try fixture.catalog.auditEntries() == entries)
        #expect(try fixture.catalog.auditEntries(afterSeq: 45, limit: 3).map(\.seq) == [46, 47, 48])

        let anchor = try String(contentsOf: fixture.catalog.auditAnchorPath, encoding: .utf8)
        #expect(anchor.contains("\"count\":50"))
        #expect(anchor.contains(entries[49].hash))
    }

    @Test func hashFollowsTheDocumentedEncoding() {
        // Computed independently: SHA-256 over each field as 8-byte big-endian length + UTF-8.
        let hash = AuditEntry.chainHash(
            seq: 1, id: "00000000-0000-4000-8000-000000000001", at: "2026-11-03T01:30:00.000Z",
            actor: "310045", action: "clip.stored", object: "clip:00000000-0000-4000-8000-000000000002",
            digest: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", detail: "{\"size\":5}",
            prevHash: String(repeating: "0", count: 64))
        #expect(hash == "0330a964133712d6977d477a571baf0b71fab5ae1a08cce20291fff741ec9692")

        // Moving a byte from one field to the next changes the hash: no ambiguity at field edges.
        let a = AuditEntry.chainHash(seq: 1, id: "x", at: "t", actor: "ab", action: "c", object: "", digest: "", detail: "", prevHash: "")
        let b = AuditEntry.chainHash(seq: 1, id: "x", at: "t", actor: "a", action: "bc", object: "", digest: "", detail: "", prevHash: "")
        #expect(a != b)
    }

    @Test func anEditedEntryIsReported() throws {
        let (fixture, _) = try self.chain()
        defer { fixture.remove() }
        try self.tamper(fixture, "UPDATE audit SET actor = 'someone else' WHERE seq = 17")
        let result = try fixture.catalog.verifyAudit()
        guard case .broken(let seq, let reason) = result else {
            Issue.record("expected broken, got \(result)")
            return
        }
        #expect(seq == 17)
        #expect(reason.contains("altered"))
    }

    @Test func anEditWithARecomputedHashIsReportedAtTheNextLink() throws {
        let (fixture, entries) = try self.chain()
        defer { fixture.remove() }
        let e = entries[16]
        let forged = AuditEntry.chainHash(
            seq: e.seq, id: e.id, at: RFC3339.catalogString(from: e.at), actor: "someone else", action: e.action,
            object: e.object, digest: e.digest, detail: e.detail, prevHash: e.prevHash)
        try self.tamper(fixture, "UPDATE audit SET actor = 'someone else', hash = '\(forged)' WHERE seq = 17")
        #expect(try fixture.catalog.verifyAudit() == .broken(seq: 18, reason: "entry 18 does not link to entry 17: entries were removed, inserted or reordered"))
    }

    @Test func aRemovedMiddleEntryIsReported() throws {
        let (fixture, _) = try self.chain()
        defer { fixture.remove() }
        try self.tamper(fixture, "DELETE FROM audit WHERE seq = 25")
        let result = try fixture.catalog.verifyAudit()
        guard case .broken(let seq, let reason) = result else {
            Issue.record("expected broken, got \(result)")
            return
        }
        #expect(seq == 25)
        #expect(reason.contains("missing"))
    }

    @Test func reorderedEntriesAreReported() throws {
        let (fixture, _) = try self.chain()
        defer { fixture.remove() }
        // Entries 10 and 11 trade places: each keeps its contents under the other's seq.
        try self.tamper(fixture, """
            CREATE TEMP TABLE audit_copy AS SELECT * FROM audit WHERE seq IN (10, 11);
            DELETE FROM audit WHERE seq IN (10, 11);
            INSERT INTO audit (seq, id, at, actor, action, object, digest, detail, prev_hash, hash)
              SELECT 21 - seq, id, at, actor, action, object, digest, detail, prev_hash, hash FROM audit_copy;
            """)
        let result = try fixture.catalog.verifyAudit()
        guard case .broken(let seq, _) = result else {
            Issue.record("expected broken, got \(result)")
            return
        }
        #expect(seq == 10)
    }

    @Test func aRemovedTailIsReportedThroughTheAnchor() throws {
        let (fixture, _) = try self.chain()
        defer { fixture.remove() }
        try self.tamper(fixture, "DELETE FROM audit WHERE seq = 50")
        let result = try fixture.catalog.verifyAudit()
        guard case .broken(let seq, let reason) = result else {
            Issue.record("expected broken, got \(result)")
            return
        }
        #expect(seq == 50)
        #expect(reason.contains("anchor"))

        // The next append does not bless the truncation: the anchor stays where it was.
        _ = try fixture.catalog.appendAudit(
            actor: "recgate", action: "test.event", object: "", digest: "", detail: "", at: CatalogFixture.t0)
        guard case .broken(let seqAfter, _) = try fixture.catalog.verifyAudit() else {
            Issue.record("a new entry after a truncation hid the truncation")
            return
        }
        #expect(seqAfter == 50)
    }

    @Test func aMissingAnchorIsReported() throws {
        let (fixture, _) = try self.chain(3)
        defer { fixture.remove() }
        try FileManager.default.removeItem(at: fixture.catalog.auditAnchorPath)
        guard case .broken(_, let reason) = try fixture.catalog.verifyAudit() else {
            Issue.record("a missing anchor went unnoticed")
            return
        }
        #expect(reason.contains("missing"))
        // And it is not silently recreated by reopening or appending.
        let reopened = try Catalog(path: fixture.catalog.path)
        _ = try reopened.appendAudit(actor: "a", action: "b", object: "", digest: "", detail: "", at: CatalogFixture.t0)
        #expect(try !reopened.verifyAudit().isIntact)
    }

    @Test func aLaggingAnchorIsNotAnError() throws {
        // A crash between a commit and the anchor write leaves the anchor one step behind.
        let (fixture, entries) = try self.chain(5)
        defer { fixture.remove() }
        let lagging = "{\"count\":4,\"head\":\"\(entries[3].hash)\"}\n"
        try lagging.write(to: fixture.catalog.auditAnchorPath, atomically: true, encoding: .utf8)
        #expect(try fixture.catalog.verifyAudit() == .intact(count: 5, head: entries[4].hash))
        // The next write moves it on.
        let sixth = try fixture.catalog.appendAudit(actor: "a", action: "b", object: "", digest: "", detail: "", at: CatalogFixture.t0)
        let anchor = try String(contentsOf: fixture.catalog.auditAnchorPath, encoding: .utf8)
        #expect(anchor.contains(sixth.hash))
    }

    @Test func updateAndDeleteAreRefusedWhileTheTriggersStand() throws {
        let (fixture, _) = try self.chain(5)
        defer { fixture.remove() }
        let queue = try DatabaseQueue(path: fixture.databasePath)
        for sql in [
            "UPDATE audit SET actor = 'x' WHERE seq = 2",
            "DELETE FROM audit WHERE seq = 5",
            "DELETE FROM audit",
            "INSERT INTO audit (seq, id, at, actor, action, object, digest, detail, prev_hash, hash) VALUES (9, 'i', 'a', 'a', 'a', 'a', '', '', 'p', 'h')",
        ] {
            let error = #expect(throws: DatabaseError.self, "\(sql)") {
                try queue.write { db in try db.execute(sql: sql) }
            }
            #expect(error?.message?.contains("append-only") == true, "\(sql)")
        }
        try queue.close()
        #expect(try fixture.catalog.verifyAudit() .isIntact)
    }

    @Test func invalidDigestsAreRefused() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        #expect {
            try fixture.catalog.appendAudit(actor: "a", action: "b", object: "c", digest: "ABC", detail: "", at: CatalogFixture.t0)
        } throws: { ($0 as? EvidenceError)?.code == .invalidDigest }
        #expect(try fixture.catalog.auditEntries().isEmpty)
    }
}
