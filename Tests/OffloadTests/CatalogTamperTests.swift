import Foundation
import Testing
import TestSupport

/// Tampering that keeps the chain valid, or removes the catalog itself: `recgate verify` and
/// `recgate audit verify` find it from what is left (the store's objects, the catalog's rows, the
/// audit head's copy elsewhere), and nothing is silently replaced.
@Suite(.serialized)
struct CatalogTamperTests {
    let recgate = RecgateBinary.shared

    func offloadedHome(_ temp: TempDirectory, configuration: String? = nil) throws -> URL {
        let volume = temp.path("volume")
        try Oracle.recorderFolder(volume, count: 3, size: 100_000, seed: 31)
        let home = temp.path("home")
        if let configuration {
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            try configuration.write(to: home.appendingPathComponent("recgate.json"), atomically: true, encoding: .utf8)
        }
        let run = try recgate.run(["--home", home.path, "offload", "--volume", volume.path])
        #expect(run.status == 0, "\(run.stderr)")
        return home
    }

    /// Runs `sql` on the home's catalog with Python's sqlite3 (foreign keys off, every trigger dropped),
    /// then, with `rechain`, renumbers the audit log from 1, recomputes every hash (the documented
    /// encoding: SHA-256 over length-prefixed fields) and writes `anchors` at the new head: a chain that
    /// verifies and an anchor that agrees with it, as a careful attacker leaves them.
    func tamper(_ home: URL, _ sql: String, rechain: Bool = false, anchors: [URL] = []) throws {
        let script = """
            import hashlib, json, sqlite3, struct, sys
            db = sqlite3.connect(sys.argv[1])
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                db.execute('DROP TRIGGER "%s"' % name)
            db.executescript(sys.argv[2])
            if sys.argv[3] == '1':
                rows = db.execute('SELECT id, at, actor, action, object, digest, detail FROM audit ORDER BY seq').fetchall()
                db.execute('DELETE FROM audit')
                prev = '0' * 64
                for seq, row in enumerate(rows, 1):
                    h = hashlib.sha256()
                    for field in ['recgate.audit.v1', str(seq)] + list(row) + [prev]:
                        b = field.encode('utf-8')
                        h.update(struct.pack('>Q', len(b)) + b)
                    digest = h.hexdigest()
                    db.execute('INSERT INTO audit (seq, id, at, actor, action, object, digest, detail, prev_hash, hash) '
                               'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', (seq,) + tuple(row) + (prev, digest))
                    prev = digest
                db.commit()
                for path in sys.argv[4:]:
                    with open(path, 'w') as f:
                        f.write(json.dumps({'count': len(rows), 'head': prev}, separators=(',', ':'), sort_keys=True) + '\\n')
            db.commit()
            db.close()
            """
        try runChecked("python3", ["-c", script, home.appendingPathComponent("catalog.sqlite").path, sql,
                                   rechain ? "1" : "0"] + anchors.map(\.path))
    }

    /// One value from the catalog, read with Python's sqlite3.
    func query(_ home: URL, _ sql: String) throws -> String {
        try runChecked("python3", ["-c", """
            import sqlite3, sys
            print('\\n'.join('|'.join(str(v) for v in row) for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))
            """, home.appendingPathComponent("catalog.sqlite").path, sql]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    func anchor(_ home: URL) -> URL { home.appendingPathComponent("catalog.sqlite.audit_head") }

    @Test func aDeletedClipRowLeavesAnOrphanAndAnEntryWithoutItsRow() throws {
        let temp = try TempDirectory()
        let home = try offloadedHome(temp)
        let sha = try query(home, "SELECT sha256 FROM clip ORDER BY sha256 LIMIT 1")
        let id = try query(home, "SELECT id FROM clip WHERE sha256 = '\(sha)'")
        try tamper(home, "DELETE FROM clip WHERE id = '\(id)';")

        let verify = try recgate.run(["--home", home.path, "verify", "--json"])
        #expect(verify.status == 1, "\(verify.stdout) \(verify.stderr)")
        let problems = try #require(try json(verify.stdout)["problems"] as? [[String: Any]])
        let object = home.appendingPathComponent("store/objects/sha256/\(sha.prefix(2))/\(sha.dropFirst(2).prefix(2))/\(sha)").path
        #expect(problems.contains { Oracle.text($0["kind"]) == "orphan" && Oracle.text($0["path"]) == object }, "\(problems)")
        #expect(problems.contains { Oracle.text($0["kind"]) == "no_clip_row" && Oracle.text($0["detail"]).contains("clip:\(id)") },
                "\(problems)")
        let text = try recgate.run(["--home", home.path, "verify"])
        #expect(text.status == 1 && text.stdout.contains("ORPHAN \(object)"), "\(text.stdout)")

        let audit = try recgate.run(["--home", home.path, "audit", "verify"])
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("clip.stored") && audit.stdout.contains("names clip:\(id)"), "\(audit.stdout)")
    }

    @Test func aRemovedClipStoredEntryIsFoundThoughTheChainWasRebuilt() throws {
        let temp = try TempDirectory()
        let home = try offloadedHome(temp)
        let id = try query(home, "SELECT id FROM clip ORDER BY sha256 LIMIT 1")
        try tamper(home, "DELETE FROM audit WHERE object = 'clip:\(id)' AND action = 'clip.stored';",
                   rechain: true, anchors: [anchor(home)])

        let audit = try recgate.run(["--home", home.path, "audit", "verify", "--json"])
        #expect(audit.status == 1, "\(audit.stdout)")
        let report = try json(audit.stdout)
        #expect(report["ok"] as? Bool == false)
        let missing = try #require(report["missing"] as? [[String: Any]], "\(report)")
        #expect(missing.map { "\(Oracle.text($0["kind"])) \(Oracle.text($0["action"])) \(Oracle.text($0["object"]))" }
            == ["missing_entry clip.stored clip:\(id)"], "\(missing)")

        let verify = try recgate.run(["--home", home.path, "verify", "--json"])
        #expect(verify.status == 1)
        let problems = try #require(try json(verify.stdout)["problems"] as? [[String: Any]])
        #expect(problems.map { Oracle.text($0["kind"]) } == ["no_audit_entry"], "\(problems)")
    }

    @Test func aCutTailFailsWithTheAnchorRewrittenOrRemoved() throws {
        let temp = try TempDirectory()
        let home = try offloadedHome(temp)
        let session = try query(home, "SELECT id FROM offload_session")
        // The last three entries (the session's end among them), the chain and the anchor made consistent.
        try tamper(home, "DELETE FROM audit WHERE seq > (SELECT MAX(seq) - 3 FROM audit);",
                   rechain: true, anchors: [anchor(home)])
        let rewritten = try recgate.run(["--home", home.path, "audit", "verify"])
        #expect(rewritten.status == 1)
        #expect(rewritten.stdout.contains("session:\(session) has no offload.end entry"), "\(rewritten.stdout)")

        try FileManager.default.removeItem(at: anchor(home))
        let removed = try recgate.run(["--home", home.path, "audit", "verify"])
        #expect(removed.status == 1)
        #expect(removed.stdout.contains("BROKEN") && removed.stdout.contains("missing"), "\(removed.stdout)")
        // Reading never recreated it.
        #expect(!FileManager.default.fileExists(atPath: anchor(home).path))
    }

    @Test func aMissingCatalogIsAnErrorAndNoneIsCreated() throws {
        let temp = try TempDirectory()
        let home = try offloadedHome(temp)
        let catalog = home.appendingPathComponent("catalog.sqlite")
        try FileManager.default.removeItem(at: catalog)
        let listing = try FileManager.default.contentsOfDirectory(atPath: home.path).sorted()

        for command in [["verify"], ["verify", "--json"], ["audit", "verify"], ["case", "report"], ["clock", "show", "--device", "A001234"]] {
            let result = try recgate.run(["--home", home.path] + command)
            #expect(result.status != 0, "\(command)")
            #expect(result.stderr.contains("no catalog at \(catalog.path)"), "\(command): \(result.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: home.path).sorted() == listing, "\(command)")
        }
        // Offloading again does not start a new catalog over the stored evidence.
        let volume = temp.path("volume")
        let offload = try recgate.run(["--home", home.path, "offload", "--volume", volume.path])
        #expect(offload.status != 0)
        #expect(offload.stderr.contains("there is no catalog at \(catalog.path)") && offload.stderr.contains("restore it"),
                "\(offload.stderr)")
        #expect(!FileManager.default.fileExists(atPath: catalog.path))
    }

    @Test func anEmptyCatalogOverStoredObjectsIsAnError() throws {
        let temp = try TempDirectory()
        let home = try offloadedHome(temp)
        let catalog = home.appendingPathComponent("catalog.sqlite")
        let volume = temp.path("volume")

        // 0 bytes (with the log and index a killed writer may leave gone too).
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: catalog.path + suffix) }
        try Data().write(to: catalog)
        for command in [["verify"], ["audit", "verify"]] {
            let result = try recgate.run(["--home", home.path] + command)
            #expect(result.status != 0, "\(command)")
            #expect(result.stderr.contains("empty (0 bytes)"), "\(command): \(result.stderr)")
        }
        let offload = try recgate.run(["--home", home.path, "offload", "--volume", volume.path])
        #expect(offload.status != 0)
        #expect(offload.stderr.contains("is empty (0 bytes), but") && offload.stderr.contains("restore it from a backup"),
                "\(offload.stderr)")
        #expect(try Data(contentsOf: catalog).isEmpty)

        // A fresh schema without a single entry (the catalog of another, empty home).
        let fresh = temp.path("fresh")
        #expect(try recgate.run(["--home", fresh.path, "clock", "record", "--device", "X1", "--device-time",
                                 "2026-11-03 12:00:05", "--at", "2026-11-03T12:00:00+08:00"]).status == 0)
        try tamper(fresh, "DELETE FROM clock_observation; DELETE FROM audit;")
        try FileManager.default.removeItem(at: catalog)
        try FileManager.default.copyItem(at: fresh.appendingPathComponent("catalog.sqlite"), to: catalog)
        let verify = try recgate.run(["--home", home.path, "verify"])
        #expect(verify.status != 0)
        #expect(verify.stderr.contains("holds no audit entry, but the store"), "\(verify.stderr)")
        let again = try recgate.run(["--home", home.path, "offload", "--volume", volume.path])
        #expect(again.status != 0)
        #expect(again.stderr.contains("holds no audit entry, but the store"), "\(again.stderr)")
        #expect(try query(home, "SELECT COUNT(*) FROM audit") == "0")
    }

    @Test func anObjectNoClipClaimsIsAnOrphan() throws {
        let temp = try TempDirectory()
        let home = try offloadedHome(temp)
        let dropped = temp.path("dropped.bin")
        try Oracle.writeRecordingLike(dropped, size: 5000, seed: 77, modified: Date())
        let sha = try #require(try Oracle.openssl("sha256", [dropped])[dropped.path])
        let folder = home.appendingPathComponent("store/objects/sha256/\(sha.prefix(2))/\(sha.dropFirst(2).prefix(2))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let object = folder.appendingPathComponent(sha)
        try FileManager.default.copyItem(at: dropped, to: object)
        // And something that is no object at all.
        let stray = home.appendingPathComponent("store/objects/sha256/notes.txt")
        try Data("x".utf8).write(to: stray)

        let verify = try recgate.run(["--home", home.path, "verify", "--json"])
        #expect(verify.status == 1)
        let report = try json(verify.stdout)
        let problems = try #require(report["problems"] as? [[String: Any]])
        #expect(problems.map { "\(Oracle.text($0["kind"])) \(Oracle.text($0["path"]))" }.sorted()
            == ["orphan \(object.path)", "stray \(stray.path)"], "\(problems)")
        #expect(report["checked"] as? Int == 3)
    }

    @Test func theAuditHeadCopyCatchesALogRewrittenWithItsAnchor() throws {
        let temp = try TempDirectory()
        let elsewhere = temp.path("other-disk")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let copy = elsewhere.appendingPathComponent("recgate.audit_head")
        let home = try offloadedHome(temp, configuration: "{\"audit_head_copy\": \"\(copy.path)\"}")
        #expect(try String(contentsOf: copy, encoding: .utf8) == String(contentsOf: anchor(home), encoding: .utf8))
        let intact = try recgate.run(["--home", home.path, "audit", "verify"])
        #expect(intact.status == 0, "\(intact.stdout) \(intact.stderr)")

        // The log cut by its last entry, rebuilt, and the anchor next to it rewritten: consistent, but
        // the copy on the other disk still records the old head.
        try tamper(home, "DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit);", rechain: true, anchors: [anchor(home)])
        let rewritten = try recgate.run(["--home", home.path, "audit", "verify", "--json"])
        #expect(rewritten.status == 1)
        let reason = Oracle.text(try json(rewritten.stdout)["reason"])
        #expect(reason.contains(copy.path) && reason.contains(anchor(home).path), "\(reason)")

        try FileManager.default.removeItem(at: copy)
        let missing = try recgate.run(["--home", home.path, "audit", "verify"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("the audit head copy \(copy.path) is missing"), "\(missing.stdout)")
    }

    @Test func aHeadCopyConfiguredLaterIsStartedFromTheVerifiedLog() throws {
        let temp = try TempDirectory()
        let home = try offloadedHome(temp)
        let copy = temp.path("other-disk/recgate.audit_head")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{\"audit_head_copy\": \"\(copy.path)\"}".utf8).write(to: home.appendingPathComponent("recgate.json"))
        // Configured but never written: an error until it is started.
        let missing = try recgate.run(["--home", home.path, "audit", "verify"])
        #expect(missing.status == 1 && missing.stdout.contains("is missing"), "\(missing.stdout)")

        let start = try recgate.run(["--home", home.path, "audit", "start-head-copy"])
        #expect(start.status == 0, "\(start.stderr)")
        #expect(try String(contentsOf: copy, encoding: .utf8) == String(contentsOf: anchor(home), encoding: .utf8))
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
        // Never over an existing copy.
        let again = try recgate.run(["--home", home.path, "audit", "start-head-copy"])
        #expect(again.status != 0 && again.stderr.contains("never replaced"), "\(again.stderr)")

        // Not from a log that does not verify.
        try FileManager.default.removeItem(at: copy)
        try tamper(home, "DELETE FROM audit WHERE action = 'offload.end';", rechain: true, anchors: [anchor(home)])
        let refused = try recgate.run(["--home", home.path, "audit", "start-head-copy"])
        #expect(refused.status != 0 && refused.stderr.contains("does not verify"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: copy.path))
    }

    @Test func aLostCatalogIsNotReplacedWhileItsAnchorRecordsEntries() throws {
        // A home with clock readings only: nothing in the store, but the anchor knows the log.
        let temp = try TempDirectory()
        let home = temp.path("home")
        let record = ["--home", home.path, "clock", "record", "--device", "X1", "--device-time", "2026-11-03 12:00:05",
                      "--at", "2026-11-03T12:00:00+08:00"]
        #expect(try recgate.run(record).status == 0)
        let catalog = home.appendingPathComponent("catalog.sqlite")
        try FileManager.default.removeItem(at: catalog)
        let again = try recgate.run(record)
        #expect(again.status != 0)
        #expect(again.stderr.contains("but its audit anchor records"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: catalog.path))
    }

    @Test func aRelativeHeadCopyIsRefused() throws {
        let temp = try TempDirectory()
        let home = temp.path("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("{\"audit_head_copy\": \"relative/head\"}".utf8).write(to: home.appendingPathComponent("recgate.json"))
        try Oracle.recorderFolder(temp.path("volume"), count: 1, size: 1000, seed: 3)
        let run = try recgate.run(["--home", home.path, "offload", "--volume", temp.path("volume").path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("audit_head_copy: must be an absolute path"), "\(run.stderr)")
    }
}
