import Foundation
import Testing
import TestSupport

/// What an altered store or audit trail looks like to `recgate verify` and `recgate audit verify`.
@Suite(.serialized)
struct TamperTests {
    let recgate = RecgateBinary.shared

    func offloadedHome(_ temp: TempDirectory) throws -> URL {
        let volume = temp.path("volume")
        try Oracle.recorderFolder(volume, count: 3, size: 100_000, seed: 21)
        let home = temp.path("home")
        let run = try recgate.run(["--home", home.path, "offload", "--volume", volume.path])
        #expect(run.status == 0, "\(run.stderr)")
        return home
    }

    @Test func aChangedByteOrAMissingFileFailsVerify() throws {
        let temp = try TempDirectory()
        let home = try offloadedHome(temp)
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 0)

        let objects = Oracle.files(below: home.appendingPathComponent("store/objects")).sorted { $0.path < $1.path }
        #expect(objects.count == 3)
        // One byte changed in the middle of a stored file.
        let victim = objects[0]
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: victim.path)
        var bytes = try Data(contentsOf: victim)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: victim)
        let changed = try recgate.run(["--home", home.path, "verify"])
        #expect(changed.status == 1)
        #expect(changed.stdout.contains(victim.path) && changed.stdout.contains("MISMATCH"), "\(changed.stdout)")

        // A stored file removed.
        try FileManager.default.removeItem(at: objects[1])
        let missing = try recgate.run(["--home", home.path, "verify", "--json"])
        #expect(missing.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(missing.stdout.utf8)) as? [String: Any])
        let problems = try #require(report["problems"] as? [[String: Any]])
        #expect(Set(problems.compactMap { $0["path"] as? String }) == [victim.path, objects[1].path])
        #expect(Set(problems.compactMap { $0["kind"] as? String }) == ["mismatch", "missing"])
    }

    /// Runs SQL on the catalog with Python's sqlite3 (an outside tool), as someone with the file would.
    func tamper(_ home: URL, _ sql: String) throws {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript(sys.argv[2])
            db.commit()
            """
        try runChecked("python3", ["-c", script, home.appendingPathComponent("catalog.sqlite").path, sql])
    }

    @Test func anEditedAuditEntryIsNamed() throws {
        let temp = try TempDirectory()
        let home = try offloadedHome(temp)
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
        try tamper(home, Self.dropAuditTriggers + "UPDATE audit SET actor = 'someone-else' WHERE seq = 3;")
        let result = try recgate.run(["--home", home.path, "audit", "verify", "--json"])
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["first_bad_entry"] as? Int == 3, "\(result.stdout)")
    }

    @Test func aDeletedAuditEntryIsNamed() throws {
        let temp = try TempDirectory()
        let home = try offloadedHome(temp)
        try tamper(home, Self.dropAuditTriggers + "DELETE FROM audit WHERE seq = 2;")
        let result = try recgate.run(["--home", home.path, "audit", "verify"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("BROKEN"), "\(result.stdout)")
    }

    /// The guards on the audit table, dropped first as someone with the file would.
    static let dropAuditTriggers = """
        DROP TRIGGER IF EXISTS audit_no_update;
        DROP TRIGGER IF EXISTS audit_no_delete;
        DROP TRIGGER IF EXISTS audit_append_in_order;
        """
}
