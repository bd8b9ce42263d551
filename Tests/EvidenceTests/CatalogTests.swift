import DeviceKit
import Foundation
import GRDB
import Testing

@testable import Evidence

@Suite("Catalog")
struct CatalogTests {
    @Test func migratesFromEmptyAndReopens() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }

        let queue = try DatabaseQueue(path: fixture.databasePath)
        try queue.read { db in
            for table in ["device", "offload_session", "clip", "sighting", "audit"] {
                #expect(try db.tableExists(table), "table \(table)")
            }
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            #expect(migrations == ["v1-audit", "v1-clip", "v1-device", "v1-offload-session", "v1-sighting", "v10-clock-gateway-sync", "v11-account", "v12-clip-search", "v13-clock-bound", "v14-clip-time-change", "v15-clip-change", "v2-clip-media", "v3-derived", "v4-cases",
                                 "v5-clip-time-container-wall-clock", "v6-custody-bounds",
                                 "v7-clip-time-long-spans", "v8-device-time-habit", "v9-device-condition"])
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(try db.indexes(on: "sighting").contains { $0.isUnique && $0.columns == ["device_id", "source_path", "size", "fs_mtime_raw", "clip_id"] })
        }
        try queue.close()

        // Opening again migrates nothing and keeps the data.
        _ = try fixture.device()
        let again = try Catalog(path: fixture.catalog.path)
        #expect(try again.devices().count == 1)
        #expect(try again.verifyAudit() == fixture.catalog.verifyAudit())
    }

    @Test func upsertingADeviceTwiceKeepsOneRow() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog

        let first = try catalog.upsertDevice(serial: "A001234", model: nil, profile: "mass-storage", at: CatalogFixture.t0)
        let second = try catalog.upsertDevice(
            serial: "A001234", model: "DSJ-V9", profile: "mass-storage", at: CatalogFixture.time(3600))
        let third = try catalog.upsertDevice(
            serial: "A001234", model: nil, profile: "mass-storage", at: CatalogFixture.time(-60))

        #expect(second.id == first.id)
        #expect(third.id == first.id)
        #expect(third.model == "DSJ-V9")
        #expect(third.firstSeen == CatalogFixture.t0)
        #expect(third.lastSeen == CatalogFixture.time(3600))
        #expect(try catalog.devices() == [third])
        #expect(try catalog.device(serial: "A001234") == third)
        let actions = try catalog.auditEntries().map(\.action)
        #expect(actions == ["device.register", "device.update"])

        #expect { try catalog.upsertDevice(serial: "", model: nil, profile: "x", at: CatalogFixture.t0) } throws: {
            ($0 as? EvidenceError)?.code == .invalidArgument
        }
    }

    /// An offload closes only its own device's sessions left running: another device's may be live in
    /// another process.
    @Test func interruptingOneDeviceLeavesAnotherDevicesSessionRunning() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        let mine = try fixture.session(try fixture.device("A001234"), at: CatalogFixture.time(10))
        let theirs = try fixture.session(try fixture.device("B005678"), at: CatalogFixture.time(20))

        let closed = try catalog.interruptRunningSessions(deviceID: mine.deviceID, actor: "recgate", at: CatalogFixture.time(30))
        #expect(closed.map(\.id) == [mine.id])
        #expect(try catalog.session(id: mine.id)?.status == .interrupted)
        #expect(try catalog.session(id: theirs.id)?.status == .running)
        #expect(try catalog.auditEntries(object: "session:\(theirs.id)").map(\.action) == ["offload.begin"])
    }

    @Test func sessionLifecycle() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        let device = try fixture.device()

        let session = try fixture.session(device)
        #expect(session.status == .running)
        #expect(session.endedAt == nil)
        #expect(try catalog.session(id: session.id) == session)

        let finished = try catalog.finishSession(
            id: session.id, status: .completed, stored: 3, alreadyStored: 1, failed: 0, error: nil,
            at: CatalogFixture.time(600))
        #expect(finished.status == .completed)
        #expect(finished.endedAt == CatalogFixture.time(600))
        #expect((finished.stored, finished.alreadyStored, finished.failed) == (3, 1, 0))
        #expect(try catalog.session(id: session.id) == finished)

        #expect {
            try catalog.finishSession(id: session.id, status: .failed, stored: 0, alreadyStored: 0, failed: 1, error: "x", at: CatalogFixture.t0)
        } throws: { ($0 as? EvidenceError)?.code == .invalidState }
        #expect {
            try catalog.finishSession(id: UUID().uuidString.lowercased(), status: .failed, stored: 0, alreadyStored: 0, failed: 0, error: nil, at: CatalogFixture.t0)
        } throws: { ($0 as? EvidenceError)?.code == .notFound }
        #expect {
            try catalog.beginSession(deviceID: "no-such-device", volume: "/v", host: "h", actor: "a", at: CatalogFixture.t0)
        } throws: { ($0 as? EvidenceError)?.code == .notFound }

        // A crash leaves a session running; start-up marks it interrupted.
        let crashed = try fixture.session(device, at: CatalogFixture.time(700))
        let interrupted = try catalog.interruptRunningSessions(actor: "recgate", at: CatalogFixture.time(900))
        #expect(interrupted.map(\.id) == [crashed.id])
        #expect(try catalog.session(id: crashed.id)?.status == .interrupted)
        #expect(try catalog.sessions(limit: 10).map(\.id) == [crashed.id, session.id])

        let trail = try catalog.auditEntries(object: "session:\(session.id)")
        #expect(trail.map(\.action) == ["offload.begin", "offload.end"])
        #expect(trail.map(\.actor) == ["dock:3", "dock:3"])
        #expect(trail.last?.detail.contains("\"status\":\"completed\"") == true)
        #expect(try catalog.auditEntries(object: "session:\(crashed.id)").map(\.action) == ["offload.begin", "offload.end"])
    }

    @Test func sameBytesFromAnotherDeviceMakeOneClipAndTwoSightings() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        let deviceA = try fixture.device("A001234")
        let deviceB = try fixture.device("B005678")
        let sessionA = try fixture.session(deviceA)
        let sessionB = try fixture.session(deviceB, at: CatalogFixture.time(60))
        let sha = CatalogFixture.digest(0xabc)

        let first = try catalog.recordVerified(
            CatalogFixture.newClip(sha256: sha, device: deviceA, session: sessionA), actor: "dock:3", at: CatalogFixture.time(10))
        guard case .newClip(let clip, let sightingA) = first else {
            Issue.record("expected a new clip, got \(first)")
            return
        }
        #expect(clip.sha256 == sha)
        #expect(clip.status == .verified)
        #expect(clip.deviceID == deviceA.id)
        #expect(clip.nameStart == CatalogFixture.t0)
        #expect(clip.createdAt == CatalogFixture.time(10))
        #expect(sightingA.clipID == clip.id)

        let second = try catalog.recordVerified(
            CatalogFixture.newClip(sha256: sha, device: deviceB, session: sessionB, path: "DCIM/B/0001.MP4"),
            actor: "dock:4", at: CatalogFixture.time(70))
        guard case .existingClip(let same, let sightingB) = second else {
            Issue.record("expected an existing clip, got \(second)")
            return
        }
        #expect(same == clip)
        #expect(sightingB.deviceID == deviceB.id)
        #expect(sightingB.id != sightingA.id)

        #expect(try catalog.clips() == [clip])
        #expect(try catalog.clip(sha256: sha) == clip)
        #expect(try catalog.sightings(clipID: clip.id).map(\.id) == [sightingA.id, sightingB.id])

        let trail = try catalog.auditEntries(object: "clip:\(clip.id)")
        #expect(trail.map(\.action) == ["clip.stored", "clip.sighted"])
        #expect(trail.allSatisfy { $0.digest == sha })

        // Recording the very same sighting again writes nothing.
        let count = try catalog.auditEntries().count
        let again = try catalog.recordVerified(
            CatalogFixture.newClip(sha256: sha, device: deviceB, session: sessionB, path: "DCIM/B/0001.MP4"),
            actor: "dock:4", at: CatalogFixture.time(80))
        #expect(again == .existingClip(clip, sightingB))
        #expect(try catalog.auditEntries().count == count)
        #expect(try catalog.sightings(clipID: clip.id).count == 2)
    }

    @Test func conflictingFactsAboutOneDigestAreRefused() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let device = try fixture.device()
        let session = try fixture.session(device)
        let sha = CatalogFixture.digest(7)
        _ = try fixture.catalog.recordVerified(
            CatalogFixture.newClip(sha256: sha, size: 100, device: device, session: session), actor: "a", at: CatalogFixture.t0)
        #expect {
            try fixture.catalog.recordVerified(
                CatalogFixture.newClip(sha256: sha, size: 101, device: device, session: session, path: "x"),
                actor: "a", at: CatalogFixture.t0)
        } throws: { ($0 as? EvidenceError)?.code == .conflict }
        #expect {
            try fixture.catalog.recordVerified(
                CatalogFixture.newClip(sha256: "NOT-HEX", device: device, session: session), actor: "a", at: CatalogFixture.t0)
        } throws: { ($0 as? EvidenceError)?.code == .invalidDigest }
        #expect(try fixture.catalog.clips().count == 1)
    }

    @Test func findSightingForIdempotentReruns() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        let device = try fixture.device()
        let session = try fixture.session(device)
        let new = CatalogFixture.newClip(sha256: CatalogFixture.digest(1), device: device, session: session)

        #expect(try catalog.findSighting(deviceID: device.id, sourcePath: new.sourcePath, size: new.size, fsMtimeRaw: new.fsMtimeRaw) == nil)
        let outcome = try catalog.recordVerified(new, actor: "a", at: CatalogFixture.t0)

        let found = try catalog.findSighting(
            deviceID: device.id, sourcePath: new.sourcePath, size: new.size, fsMtimeRaw: new.fsMtimeRaw)
        #expect(found?.0 == outcome.sighting)
        #expect(found?.1 == outcome.clip)
        #expect(try catalog.findSighting(deviceID: device.id, sourcePath: new.sourcePath, size: new.size, fsMtimeRaw: "2026-11-03 09:45:14") == nil)
        #expect(try catalog.findSighting(deviceID: device.id, sourcePath: new.sourcePath, size: new.size + 1, fsMtimeRaw: new.fsMtimeRaw) == nil)
    }

    @Test func releaseAuditedBeforeConfirmedOrSkippedAndRecordFailure() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        let device = try fixture.device()
        let session = try fixture.session(device)
        let outcome = try catalog.recordVerified(
            CatalogFixture.newClip(sha256: CatalogFixture.digest(2), device: device, session: session), actor: "a", at: CatalogFixture.t0)
        #expect(outcome.sighting.releasedAt == nil)

        // Audited before the delete; the sighting is marked released only once the delete is done.
        let audit = try catalog.auditRelease(sightingID: outcome.sighting.id, basis: "rehashed", actor: "dock:3", at: CatalogFixture.time(4))
        #expect(audit.action == "device.release" && audit.detail.contains("\"basis\":\"rehashed\""))
        #expect(try catalog.sightings(sessionID: session.id).first?.releasedAt == nil)
        let released = try catalog.confirmRelease(sightingID: outcome.sighting.id, at: CatalogFixture.time(5))
        #expect(released.releasedAt == CatalogFixture.time(5))
        #expect(try catalog.sightings(sessionID: session.id) == [released])
        let again = try catalog.confirmRelease(sightingID: outcome.sighting.id, at: CatalogFixture.time(9))
        #expect(again == released)
        let skipped = try catalog.recordReleaseSkipped(
            sightingID: outcome.sighting.id, reason: "the file changed", actor: "dock:3", at: CatalogFixture.time(10))
        #expect(skipped.detail.contains("the file changed"))
        let release = try catalog.auditEntries(object: "sighting:\(released.id)")
        #expect(release.map(\.action) == ["device.release", "device.release_skipped"])
        #expect(release.allSatisfy { $0.digest == CatalogFixture.digest(2) })
        #expect { try catalog.auditRelease(sightingID: "nope", basis: "copied", actor: "a", at: CatalogFixture.t0) } throws: {
            ($0 as? EvidenceError)?.code == .notFound
        }
        #expect { try catalog.confirmRelease(sightingID: "nope", at: CatalogFixture.t0) } throws: {
            ($0 as? EvidenceError)?.code == .notFound
        }

        let failure = try catalog.recordFailure(
            sessionID: session.id, sourcePath: "DCIM/bad.MP4", error: "read error at 4096", actor: "dock:3", at: CatalogFixture.t0)
        #expect(failure.action == "clip.failed")
        #expect(failure.object == "session:\(session.id)")
        #expect(failure.detail.contains("DCIM/bad.MP4"))
        #expect(try catalog.verifyAudit().isIntact)
    }

    @Test func everyRowCarriesAUUIDAndRFC3339Times() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let device = try fixture.device()
        let session = try fixture.session(device)
        _ = try fixture.catalog.recordVerified(
            CatalogFixture.newClip(sha256: CatalogFixture.digest(3), device: device, session: session), actor: "a", at: CatalogFixture.t0)

        let queue = try DatabaseQueue(path: fixture.databasePath)
        try queue.read { db in
            let ids = try ["device", "offload_session", "clip", "sighting", "audit"].flatMap { table in
                try String.fetchAll(db, sql: "SELECT id FROM \(table)")
            }
            #expect(ids.count == 7)  // device, session, clip, sighting, 3 audit entries
            for id in ids {
                #expect(UUID(uuidString: id) != nil, "\(id) is not a UUID")
                #expect(id == id.lowercased())
            }
            let times = try String.fetchAll(db, sql: """
                SELECT first_seen FROM device UNION ALL SELECT started_at FROM offload_session
                UNION ALL SELECT created_at FROM clip UNION ALL SELECT seen_at FROM sighting
                UNION ALL SELECT at FROM audit
                """)
            #expect(Set(times) == ["2026-11-03T01:30:00.000Z"])
            #expect(try String.fetchOne(db, sql: "SELECT fs_mtime FROM clip") == "2026-11-03T01:45:12.000Z")
        }
    }

    @Test func catalogRowsAreNeverDeleted() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let device = try fixture.device()
        let session = try fixture.session(device)
        _ = try fixture.catalog.recordVerified(
            CatalogFixture.newClip(sha256: CatalogFixture.digest(4), device: device, session: session), actor: "a", at: CatalogFixture.t0)

        let queue = try DatabaseQueue(path: fixture.databasePath)
        for sql in [
            "DELETE FROM clip", "UPDATE clip SET size = 1", "DELETE FROM sighting",
            "UPDATE sighting SET source_path = 'elsewhere'", "DELETE FROM offload_session", "DELETE FROM device",
        ] {
            #expect(throws: DatabaseError.self, "\(sql)") {
                try queue.write { db in try db.execute(sql: sql) }
            }
        }
        #expect(try fixture.catalog.clips().count == 1)
    }
}

@Suite("Catalog on a full file system")
struct CatalogFullDiskTests {
    /// SQLite's "database or disk is full" is the store's no-space condition too, so an offload stops with
    /// "the store is full" whichever file met the full disk first.
    @Test(
        .enabled(if: TmpfsMount.isPermitted, "needs to mount a tmpfs (root / CAP_SYS_ADMIN)"),
        .timeLimit(.minutes(10))
    )
    func aFullDiskIsNoSpace() throws {
        let mount = try TmpfsMount(size: "2m")
        defer { mount.unmount() }
        let catalog = try Catalog(path: mount.url.appendingPathComponent("catalog.sqlite"))
        let error = #expect(throws: EvidenceError.self) {
            for i in 0..<400 {  // about 4 MB of audit detail into 2 MiB
                _ = try catalog.appendAudit(actor: "test", action: "fill", object: "disk", digest: "",
                                            detail: "{\"pad\":\"\(String(repeating: "x", count: 10_000))\",\"i\":\(i)}", at: Date())
            }
        }
        #expect(error?.code == .noSpace)
        #expect(error?.message.contains("No space left on device") == true, "\(String(describing: error))")
    }
}
