import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Verification reads only: on a home whose file system is 100 % full, `verify` and `audit verify`
/// succeed and leave every byte and every name as they were. And a session killed mid-run is
/// closed by the next run with the counts of what it catalogued.
@Suite(.serialized)
struct VerifyReadOnlyTests {
    let recgate = RecgateBinary.shared

    @Test(.enabled(if: FailureTests.canMount, "mounting a tmpfs needs root"))
    func verifyingAFullHomePassesAndChangesNothing() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        try Oracle.recorderFolder(volume, count: 3, size: 200_000, seed: 41)
        let home = temp.path("home")
        #expect(FailureTests.smallFileSystem(at: home, megabytes: 8))
        defer { _ = try? run("umount", [home.path]) }
        let offload = try recgate.run(["--home", home.path, "offload", "--volume", volume.path])
        #expect(offload.status == 0, "\(offload.stderr)")

        // The first case command records the step catalogue in use (an audit entry written once per
        // change); made while there is room, so the full-disk report below only reads.
        let first = try recgate.run(["--home", home.path, "case", "report", "--json"])
        #expect(first.status == 0, "\(first.stderr)")

        FullFileSystem.fill(home.appendingPathComponent("filler").path)
        let probe = home.appendingPathComponent("probe").path
        #expect(!FullFileSystem.canWrite(byteTo: probe), "the file system is not full")
        try? FileManager.default.removeItem(atPath: probe)
        let before = try Self.snapshot(home)

        let verify = try recgate.run(["--home", home.path, "verify", "--json"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        #expect(report["checked"] as? Int == 3 && report["ok"] as? Bool == true, "\(report)")
        let audit = try recgate.run(["--home", home.path, "audit", "verify"])
        #expect(audit.status == 0, "\(audit.stdout) \(audit.stderr)")
        #expect(audit.stdout.contains("audit chain intact"))
        let check = try recgate.run(["--home", home.path, "case", "report", "--json"])
        #expect(check.status == 0, "\(check.stderr)")

        // Every name, and every file's bytes except the WAL index (`-shm`, left when the offload's last
        // connection did not close): SQLite's shared memory, where every reader marks what it reads.
        let after = try Self.snapshot(home)
        #expect(Set(after.keys) == Set(before.keys), "names changed")
        let changed = before.keys.filter { !$0.hasSuffix("-shm") && before[$0] != after[$0] }.sorted()
        #expect(changed.isEmpty, "changed: \(changed)")
    }

    @Test func aKilledSessionIsClosedWithTheCountsOfWhatItCatalogued() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        try Oracle.recorderFolder(volume, count: 8, size: 1 << 20, seed: 52)
        let home = temp.path("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)

        // Every committed catalog write moves the audit anchor into place by a rename in the home: its
        // creation, device.register, offload.begin, then the first clip.stored. Killed right after
        // that fourth rename, the session has catalogued at least one clip and is still running.
        let watch = try AnchorRenames(home)
        let child = try SpawnedProcess(recgate.path, ["--home", home.path, "offload", "--volume", volume.path, "--json"],
                                       outputFolder: temp.url)
        let seen = watch.wait(for: 4)
        child.signal(SIGKILL)
        _ = try child.wait()
        #expect(seen, "the offload did not commit four writes: \(child.stderr())")

        let catalog = home.appendingPathComponent("catalog.sqlite").path
        let session = try Self.query(catalog, "SELECT id FROM offload_session WHERE status = 'running'")
        let catalogued = try #require(Int(try Self.query(catalog, "SELECT COUNT(*) FROM clip WHERE session_id = '\(session)'")))
        #expect(catalogued >= 1 && catalogued < 8, "killed after \(catalogued) clips")
        let sightings = try #require(Int(try Self.query(catalog, "SELECT COUNT(*) FROM sighting WHERE session_id = '\(session)'")))

        let rerun = try recgate.run(["--home", home.path, "offload", "--volume", volume.path, "--json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let row = try Self.query(catalog, "SELECT status, stored, already_stored, failed FROM offload_session WHERE id = '\(session)'")
        #expect(row == "interrupted|\(catalogued)|\(sightings - catalogued)|0")
        let end = try Self.query(catalog, "SELECT detail FROM audit WHERE object = 'session:\(session)' AND action = 'offload.end'")
        #expect(end.contains("\"stored\":\(catalogued)"), "\(end)")
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 0)
    }

    @Test func anObjectLeftByARunningSessionIsUncataloguedNotAnOrphan() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        try Oracle.recorderFolder(volume, count: 4, size: 1 << 20, seed: 53)
        let home = temp.path("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        // Killed after its third committed write (anchor creation, device.register, offload.begin): the
        // session is running. An object published then, whose catalog write never came, is what a kill
        // between publishing and cataloguing leaves.
        let watch = try AnchorRenames(home)
        let child = try SpawnedProcess(recgate.path, ["--home", home.path, "offload", "--volume", volume.path],
                                       outputFolder: temp.url)
        let seen = watch.wait(for: 3)
        child.signal(SIGKILL)
        _ = try child.wait()
        #expect(seen, "the offload did not begin its session: \(child.stderr())")
        let catalog = home.appendingPathComponent("catalog.sqlite").path
        let session = try Self.query(catalog, "SELECT id FROM offload_session WHERE status = 'running'")
        #expect(!session.isEmpty)

        let leftover = temp.path("leftover.bin")
        try Oracle.writeRecordingLike(leftover, size: 4096, seed: 54, modified: Date())
        let sha = try #require(try Oracle.openssl("sha256", [leftover])[leftover.path])
        let folder = home.appendingPathComponent("store/objects/sha256/\(sha.prefix(2))/\(sha.dropFirst(2).prefix(2))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: leftover, to: folder.appendingPathComponent(sha))

        let verify = try recgate.run(["--home", home.path, "verify", "--json"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        let uncatalogued = try #require(report["uncatalogued"] as? [[String: Any]])
        #expect(uncatalogued.contains { Oracle.text($0["sha256"]) == sha && Oracle.text($0["session"]) == session },
                "\(uncatalogued)")
        let text = try recgate.run(["--home", home.path, "verify"])
        #expect(text.stdout.contains("uncatalogued \(folder.appendingPathComponent(sha).path): published by session \(session)"),
                "\(text.stdout)")
    }

    // MARK: helpers

    static func query(_ database: String, _ sql: String) throws -> String {
        try runChecked("python3", ["-c", """
            import sqlite3, sys
            print('\\n'.join('|'.join(str(v) for v in row) for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))
            """, database, sql]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every folder and file below `root` with the file's bytes.
    static func snapshot(_ root: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [:] }
        while let relative = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            let path = root.appendingPathComponent(relative).path
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            result[relative] = isFolder.boolValue ? Data("<folder>".utf8) : try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return result
    }
}

/// inotify on a home: counts the audit anchor being renamed into place (one per committed write).
final class AnchorRenames {
    private let fd: Int32

    init(_ home: URL) throws {
        fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0, inotify_add_watch(fd, home.path, UInt32(IN_MOVED_TO)) >= 0 else {
            throw TestSupportError("inotify on \(home.path) failed (errno \(errno))")
        }
    }

    deinit { close(fd) }

    /// Waits until the anchor was renamed into place `count` times; false if a minute passes first
    /// (a bound on a broken run, not a timing the test depends on).
    func wait(for count: Int) -> Bool {
        var seen = 0
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let deadline = Date().addingTimeInterval(60)
        while seen < count {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            guard remaining > 0, poll(&descriptor, 1, remaining) > 0 else { return false }
            let length = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard length > 0 else { return false }
            var offset = 0
            while offset + 16 <= length {
                let nameLength = Int(buffer.withUnsafeBytes { $0.load(fromByteOffset: offset + 12, as: UInt32.self) })
                let nameBytes = buffer[(offset + 16)..<(offset + 16 + nameLength)].prefix { $0 != 0 }
                if String(decoding: nameBytes, as: UTF8.self) == "catalog.sqlite.audit_head" { seen += 1 }
                offset += 16 + nameLength
            }
        }
        return true
    }
}
