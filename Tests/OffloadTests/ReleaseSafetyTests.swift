import Evidence
import Foundation
import Testing
import TestSupport

/// `--release` deletes a recording from its device only when, at that moment, it is provably the one whose
/// bytes are stored and verified; a corrupt or missing stored copy is repaired from the device's bytes
/// when they match the catalog. The real `recgate` on a FAT32 card mounted `rw+` with fusefat; openssl and
/// the sqlite3 shell as the oracles.
@Suite(.serialized)
struct ReleaseSafetyTests {
    let recgate = RecgateBinary.shared

    func offload(_ home: URL, _ volume: URL, release: Bool) throws -> (RecgateBinary.Result, [[String: Any]]) {
        let run = try recgate.run(
            ["--home", home.path, "offload", "--volume", volume.path, "--json"] + (release ? ["--release"] : []))
        return (run, (try? Oracle.clips(fromJSON: run.stdout)) ?? [])
    }

    func clip(_ clips: [[String: Any]], _ path: String) throws -> [String: Any] {
        try #require(clips.first { $0["path"] as? String == path }, "\(path) not in \(clips)")
    }

    /// One query on the home's catalog through the sqlite3 shell, rows as lines.
    func query(_ home: URL, _ sql: String) throws -> [String] {
        let out = try runChecked("sqlite3", ["-readonly", home.appendingPathComponent("catalog.sqlite").path, sql])
        return out.stdout.split(separator: "\n").map(String.init)
    }

    /// The audit actions about the sighting(s) of the recording at `path`, in order.
    func releaseActions(_ home: URL, _ path: String) throws -> [String] {
        try query(home, """
            SELECT a.action FROM audit a JOIN sighting s ON a.object = 'sighting:' || s.id
            WHERE s.source_path = '\(path)' ORDER BY a.seq
            """)
    }

    func quarantine(_ home: URL) -> [URL] { Oracle.files(below: home.appendingPathComponent("store/quarantine")) }

    /// The stored object of the recording at `path` on the card, made writable and one byte flipped.
    @discardableResult
    func corruptObject(_ home: URL, sha256: String) throws -> URL {
        let object = try #require(Oracle.files(below: home.appendingPathComponent("store/objects"))
            .first { $0.lastPathComponent == sha256 })
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
        var bytes = try Data(contentsOf: object)
        bytes[bytes.count / 3] ^= 0x40
        try bytes.write(to: object)
        return object
    }

    func sha256(_ data: Data, _ temp: TempDirectory) throws -> String {
        let file = temp.path("oracle-\(UUID().uuidString)")
        try data.write(to: file)
        return try #require(try Oracle.openssl("sha256", [file])[file.path])
    }

    @Test func aRecordingChangedInPlaceSinceItWasStoredIsKeptOnTheDevice() throws {
        let temp = try TempDirectory()
        let card = try ReleaseCard(temp, count: 2, seed: 31)
        let home = temp.path("home")
        let (first, stored) = try card.docked { try offload(home, $0, release: false) }
        #expect(first.status == 0, "\(first.stderr)")
        #expect(stored.count == 2 && stored.allSatisfy { $0["status"] as? String == "stored" }, "\(stored)")

        // Recording 0 rewritten on the card: other bytes, same path, length and time.
        let timeBefore = try card.fatTime(0)
        try card.write(0, seed: 999)
        #expect(try card.fatTime(0) == timeBefore)
        let changed = try #require(try card.contents(0))

        let (run, clips) = try card.docked { try offload(home, $0, release: true) }
        #expect(run.status == 0, "\(run.stderr)")
        let kept = try clip(clips, card.paths[0])
        #expect(kept["status"] as? String == "already_stored", "\(kept)")
        #expect(kept["released"] as? Bool == false, "\(kept)")
        #expect(Oracle.text(kept["release_skipped"]).contains("the device's bytes differ from the stored copy"), "\(kept)")
        let other = try clip(clips, card.paths[1])
        #expect(other["released"] as? Bool == true && other["release_skipped"] == nil, "\(other)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["released"] as? Int == 1 && summary["release_skipped"] as? Int == 1, "\(summary)")

        // The changed recording is still on the card, changed; the other is gone.
        #expect(try card.contents(0) == changed)
        #expect(try card.contents(1) == nil)
        // No release is claimed for the recording kept: its audit says it was skipped.
        #expect(try releaseActions(home, card.paths[0]) == ["device.release_skipped"])
        #expect(try releaseActions(home, card.paths[1]) == ["device.release"])
        #expect(try query(home, "SELECT released_at IS NULL FROM sighting WHERE source_path = '\(card.paths[0])'") == ["1"])
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 0)
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
    }

    @Test func aCorruptStoredCopyIsRepairedFromTheDeviceBeforeItIsReleased() throws {
        let temp = try TempDirectory()
        let card = try ReleaseCard(temp, count: 2, seed: 32)
        let home = temp.path("home")
        let (first, stored) = try card.docked { try offload(home, $0, release: false) }
        #expect(first.status == 0, "\(first.stderr)")
        let sha = Oracle.text(try clip(stored, card.paths[0])["sha256"])
        let object = try corruptObject(home, sha256: sha)
        let corruptSHA = try #require(try Oracle.openssl("sha256", [object])[object.path])
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 1)

        // Text output this time: the summary counts what was released and what was repaired.
        let run = try card.docked {
            try recgate.run(["--home", home.path, "offload", "--volume", $0.path, "--release"])
        }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 released, 0 kept on the device"), "\(run.stdout)")
        #expect(run.stdout.contains("1 stored copies repaired"), "\(run.stdout)")
        #expect(run.stdout.contains("(stored copy repaired from the device)"), "\(run.stdout)")

        // The store holds the device's bytes again; the corrupt ones are kept in quarantine.
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 0)
        #expect(try Oracle.openssl("sha256", [object])[object.path] == sha)
        let kept = quarantine(home)
        #expect(kept.count == 1 && kept.first?.lastPathComponent.hasPrefix(sha) == true, "\(kept)")
        let quarantined = try #require(kept.first)
        #expect(try Oracle.openssl("sha256", [quarantined])[quarantined.path] == corruptSHA)
        let mode = try FileManager.default.attributesOfItem(atPath: object.path)[.posixPermissions] as? Int
        #expect(mode == 0o444)

        // Audited with what was found and what was expected, before the device's copy was released.
        let repaired = try query(home, "SELECT seq, digest, detail FROM audit WHERE action = 'clip.repaired'")
        #expect(repaired.count == 1, "\(repaired)")
        let fields = repaired.first?.split(separator: "|", maxSplits: 2).map(String.init) ?? []
        try #require(fields.count == 3, "\(repaired)")
        #expect(fields[1] == sha)
        let detail = try #require(try JSONSerialization.jsonObject(with: Data((fields.last ?? "").utf8)) as? [String: Any])
        #expect(Oracle.text(detail["found"]).contains("sha256:\(corruptSHA)"), "\(detail)")
        #expect(Oracle.text(detail["expected"]).contains("sha256:\(sha)"), "\(detail)")
        #expect(detail["quarantine_path"] as? String == kept.first?.path, "\(detail)")
        let releaseSeq = try query(home, """
            SELECT a.seq FROM audit a JOIN sighting s ON a.object = 'sighting:' || s.id
            WHERE a.action = 'device.release' AND s.source_path = '\(card.paths[0])'
            """)
        #expect(releaseSeq.count == 1, "\(releaseSeq)")
        let released = try #require(releaseSeq.first.flatMap { Int($0) }), repairedAt = try #require(Int(fields[0]))
        #expect(released > repairedAt, "the release is audited after the repair: \(releaseSeq) \(fields)")
        #expect(try card.contents(0) == nil && card.contents(1) == nil)
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
    }

    @Test func aCorruptStoredCopyAndADifferingDeviceReleaseNothing() throws {
        let temp = try TempDirectory()
        let card = try ReleaseCard(temp, count: 2, seed: 33)
        let home = temp.path("home")
        let (first, stored) = try card.docked { try offload(home, $0, release: false) }
        #expect(first.status == 0, "\(first.stderr)")
        let sha = Oracle.text(try clip(stored, card.paths[0])["sha256"])
        let object = try corruptObject(home, sha256: sha)
        let corrupt = try Data(contentsOf: object)
        try card.write(0, seed: 777)
        let changed = try #require(try card.contents(0))

        let (run, clips) = try card.docked { try offload(home, $0, release: true) }
        let kept = try clip(clips, card.paths[0])
        #expect(kept["released"] as? Bool == false, "\(kept)")
        #expect(kept["repaired"] == nil, "\(kept)")
        let reason = Oracle.text(kept["release_skipped"])
        #expect(reason.contains("the stored copy is corrupt") && reason.contains("do not match the catalogued digests"),
                "\(reason)")
        #expect(try clip(clips, card.paths[1])["released"] as? Bool == true, "\(run.stdout) \(run.stderr)")
        // Nothing was lost: the card keeps its recording, the store its (corrupt) object untouched.
        #expect(try card.contents(0) == changed)
        #expect(try Data(contentsOf: object) == corrupt)
        #expect(quarantine(home).isEmpty)
        #expect(Oracle.stagingLeftovers(home: home).isEmpty)
        #expect(try query(home, "SELECT count(*) FROM audit WHERE action = 'clip.repaired'") == ["0"])
        #expect(try releaseActions(home, card.paths[0]) == ["device.release_skipped"])
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 1)
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
    }

    @Test func aMissingStoredCopyIsRepairedFromTheDevice() throws {
        let temp = try TempDirectory()
        let card = try ReleaseCard(temp, count: 2, seed: 34)
        let home = temp.path("home")
        let (first, stored) = try card.docked { try offload(home, $0, release: false) }
        #expect(first.status == 0, "\(first.stderr)")
        let sha = Oracle.text(try clip(stored, card.paths[1])["sha256"])
        let object = try #require(Oracle.files(below: home.appendingPathComponent("store/objects"))
            .first { $0.lastPathComponent == sha })
        try FileManager.default.removeItem(at: object)
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 1)

        let (run, clips) = try card.docked { try offload(home, $0, release: true) }
        #expect(run.status == 0, "\(run.stderr)")
        let repaired = try clip(clips, card.paths[1])
        #expect(repaired["repaired"] as? Bool == true && repaired["released"] as? Bool == true, "\(repaired)")
        #expect(try Oracle.openssl("sha256", [object])[object.path] == sha)
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 0)
        #expect(quarantine(home).isEmpty)
        let found = try query(home, "SELECT json_extract(detail, '$.found') FROM audit WHERE action = 'clip.repaired'")
        #expect(found == ["missing"])
        #expect(try card.contents(0) == nil && card.contents(1) == nil)
    }

    @Test func theSameBytesUnderANewNameRepairACorruptStoredCopy() throws {
        let temp = try TempDirectory()
        let home = temp.path("home")
        let first = temp.path("first"), second = temp.path("second")
        try Oracle.recorderFolder(first, serial: "A001234", count: 2, size: 64 * 1024, seed: 8)
        // The same bytes under another recorder's names.
        let copies = try Oracle.recorderFolder(second, serial: "B000777", count: 2, size: 64 * 1024, seed: 8)
        #expect(try recgate.run(["--home", home.path, "offload", "--volume", first.path]).status == 0)
        let sha = try #require(try Oracle.openssl("sha256", [copies[0]])[copies[0].path])
        try corruptObject(home, sha256: sha)

        let (run, clips) = try offload(home, second, release: false)
        #expect(run.status == 0, "\(run.stderr)")
        let sighted = try #require(clips.first { $0["sha256"] as? String == sha })
        #expect(sighted["status"] as? String == "already_stored" && sighted["repaired"] as? Bool == true, "\(sighted)")
        #expect(clips.filter { $0["repaired"] != nil }.count == 1, "\(clips)")
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 0)
        #expect(quarantine(home).count == 1)
        #expect(try query(home, "SELECT json_extract(detail, '$.source_path') FROM audit WHERE action = 'clip.repaired'")
            == [Oracle.text(sighted["path"])])
        // Without --release the device is untouched.
        #expect(copies.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
    }

    @Test func aStopBetweenTheReleaseAuditAndTheDeleteLeavesTheRecordingForTheNextRun() throws {
        let temp = try TempDirectory()
        let card = try ReleaseCard(temp, count: 1, seed: 35)
        let home = temp.path("home")
        let (first, _) = try card.docked { try offload(home, $0, release: false) }
        #expect(first.status == 0, "\(first.stderr)")
        // What a run killed right after auditing the release, before deleting, leaves behind.
        let catalog = try Catalog(path: home.appendingPathComponent("catalog.sqlite"))
        let sighting = try #require(try catalog.clips().first.flatMap { try catalog.sightings(clipID: $0.id).first })
        try catalog.auditRelease(sightingID: sighting.id, basis: "copied", actor: "test", at: Date())
        #expect(try card.contents(0) != nil)
        #expect(try query(home, "SELECT released_at IS NULL FROM sighting") == ["1"])

        let (run, clips) = try card.docked { try offload(home, $0, release: true) }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try clip(clips, card.paths[0])["released"] as? Bool == true, "\(clips)")
        #expect(try card.contents(0) == nil)
        // The run that deleted it audited its own release first, and the sighting says it is released.
        #expect(try releaseActions(home, card.paths[0]) == ["device.release", "device.release"])
        #expect(try query(home, "SELECT released_at IS NOT NULL FROM sighting") == ["1"])
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
    }

    @Test func everyCataloguedDigestIsCheckedNotOnlyTheOneAsked() throws {
        let temp = try TempDirectory()
        let card = try ReleaseCard(temp, count: 1, seed: 36)
        let home = temp.path("home")
        let first = try card.docked {
            try recgate.run(["--home", home.path, "offload", "--volume", $0.path, "--digest", "sha256,sm3", "--json"])
        }
        #expect(first.status == 0, "\(first.stderr)")
        let sm3 = Oracle.text(try Oracle.clips(fromJSON: first.stdout).first?["sm3"])
        #expect(sm3.count == 64, "\(first.stdout)")
        // The catalog's SM3 no longer matches the bytes (edited by someone with the file, guards dropped).
        let other = String(sm3.reversed())
        try runChecked("sqlite3", [home.appendingPathComponent("catalog.sqlite").path,
                                   "DROP TRIGGER clip_no_update; UPDATE clip SET sm3 = '\(other)';"])

        // A release asking SHA-256 only still checks the SM3 the catalog holds: neither the stored copy nor
        // the device's bytes have it, so nothing is released or replaced.
        let run = try card.docked {
            try recgate.run(["--home", home.path, "offload", "--volume", $0.path, "--digest", "sha256", "--release"])
        }
        #expect(run.stdout.contains("0 released, 1 kept on the device"), "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("(kept on device: the stored copy is corrupt (sha256:"), "\(run.stdout)")
        #expect(run.stdout.contains("sm3:\(sm3)") && run.stdout.contains("sm3:\(other)"), "\(run.stdout)")
        #expect(try card.contents(0) != nil)
        #expect(quarantine(home).isEmpty)
    }
}
