import Foundation
@testable import Offload
import Testing
import TestSupport

/// Offloads of different devices in one home at the same time, as real `recgate` processes. One is held
/// at a known point by the test checkpoints (it stops itself with SIGSTOP there; SIGCONT lets it go on),
/// so the overlap is certain whatever the machine's load, and no clock decides anything.
@Suite(.serialized)
struct ConcurrentOffloadTests {
    let recgate = RecgateBinary.shared

    /// Two recorders with their own serials and recordings.
    struct Devices {
        let home: URL
        let volumeA: URL, volumeB: URL
        let sourcesA: [URL], sourcesB: [URL]
        let truth: [String: String]

        init(_ temp: TempDirectory, count: Int = 3) throws {
            home = temp.path("home")
            volumeA = temp.path("volume-a")
            volumeB = temp.path("volume-b")
            sourcesA = try Oracle.recorderFolder(volumeA, serial: "A001234", count: count, size: 1 << 20, seed: 11)
            sourcesB = try Oracle.recorderFolder(volumeB, serial: "B005678", count: count, size: 1 << 20, seed: 12)
            truth = try Oracle.openssl("sha256", sourcesA + sourcesB)
        }

        func offload(_ volume: URL) -> [String] {
            ["--home", home.path, "offload", "--volume", volume.path, "--json"]
        }

        var catalog: String { home.appendingPathComponent("catalog.sqlite").path }
    }

    /// Starts an offload that stops itself the `occurrence`-th time it reaches `point`, and waits until it has.
    func startStopped(_ arguments: [String], at point: String, occurrence: Int = 1, in temp: TempDirectory,
                      name: String) throws -> SpawnedProcess {
        let outputs = temp.path("out-\(name)")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let child = try SpawnedProcess(
            recgate.path, arguments,
            environment: ["RECGATE_TEST_CHECKPOINTS": temp.path("\(name).log").path,
                          "RECGATE_TEST_STOP_AT": "\(point):\(occurrence)"],
            outputFolder: outputs)
        let stopped = try child.waitUntilStopped()
        try #require(stopped, "\(name) did not stop at \(point): \(child.stderr())")
        return child
    }

    /// Every clip of a report is stored (or already stored) with the digest openssl computes of its source.
    func expectStored(_ report: String, volume: URL, sources: [URL], truth: [String: String],
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let clips = try Oracle.clips(fromJSON: report)
        #expect(clips.count == sources.count, sourceLocation: sourceLocation)
        for clip in clips {
            let path = volume.appendingPathComponent(Oracle.text(clip["path"])).path
            #expect(clip["sha256"] as? String == truth[path], "\(clip)", sourceLocation: sourceLocation)
            #expect(["stored", "already_stored"].contains(Oracle.text(clip["status"])), "\(clip)",
                    sourceLocation: sourceLocation)
        }
    }

    func expectStoreAndAuditVerify(_ home: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let verify = try recgate.run(["--home", home.path, "verify"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)", sourceLocation: sourceLocation)
        let audit = try recgate.run(["--home", home.path, "audit", "verify"])
        #expect(audit.status == 0, "\(audit.stdout) \(audit.stderr)", sourceLocation: sourceLocation)
    }

    /// The staging files (and staging locks) in the store now, relative to `staging/`.
    static func staging(_ home: URL) -> Set<String> {
        let root = home.appendingPathComponent("store/staging").standardizedFileURL.path
        return Set(Oracle.stagingLeftovers(home: home).map { String($0.standardizedFileURL.path.dropFirst(root.count + 1)) })
    }

    @Test func twoDevicesOffloadSideBySideInOneHome() throws {
        let temp = try TempDirectory()
        let devices = try Devices(temp)

        // A holds a verified copy in its staging folder, its session running, when B starts.
        let first = try startStopped(devices.offload(devices.volumeA), at: "verified", in: temp, name: "a")
        let heldByA = Self.staging(devices.home)
        #expect(heldByA.contains { !$0.hasSuffix(".lock") }, "A has no staging file: \(heldByA)")

        let second = try recgate.run(devices.offload(devices.volumeB))
        #expect(second.status == 0, "B refused or failed while A was stopped: \(second.stderr)")
        try expectStored(second.stdout, volume: devices.volumeB, sources: devices.sourcesB, truth: devices.truth)
        // B's start cleaned nothing of A's, and closed none of A's sessions.
        #expect(Self.staging(devices.home) == heldByA)
        #expect(try VerifyReadOnlyTests.query(devices.catalog, """
            SELECT s.status FROM offload_session s JOIN device d ON d.id = s.device_id WHERE d.serial = 'A001234'
            """) == "running")

        kill(first.pid, SIGCONT)
        #expect(try first.wait() == 0, "\(first.stderr())")
        try expectStored(first.stdout(), volume: devices.volumeA, sources: devices.sourcesA, truth: devices.truth)
        #expect(try VerifyReadOnlyTests.query(devices.catalog, "SELECT status FROM offload_session ORDER BY started_at")
            == "completed\ncompleted")
        let objects = try Oracle.storedObjectsMatchTheirNames(home: devices.home)
        #expect(objects.count == devices.truth.count && objects.mismatches.isEmpty)
        #expect(Self.staging(devices.home).isEmpty)
        try expectStoreAndAuditVerify(devices.home)
    }

    @Test func theSameDeviceTwiceIsRefusedBusyNamingTheHolder() throws {
        let temp = try TempDirectory()
        let devices = try Devices(temp, count: 2)
        let first = try startStopped(devices.offload(devices.volumeA), at: "session-begun", in: temp, name: "a")

        let again = try recgate.run(devices.offload(devices.volumeA))
        #expect(again.status != 0)
        #expect(again.stderr.contains("device A001234 is being offloaded by another process (pid \(first.pid))"),
                "\(again.stderr)")
        // The refused run began no session and closed none.
        #expect(try VerifyReadOnlyTests.query(devices.catalog, "SELECT status FROM offload_session") == "running")

        kill(first.pid, SIGCONT)
        #expect(try first.wait() == 0, "\(first.stderr())")
        try expectStored(first.stdout(), volume: devices.volumeA, sources: devices.sourcesA, truth: devices.truth)
        // Once the holder is gone the device is free again: nothing new to copy, all known.
        let later = try recgate.run(devices.offload(devices.volumeA))
        #expect(later.status == 0, "\(later.stderr)")
        try expectStored(later.stdout, volume: devices.volumeA, sources: devices.sourcesA, truth: devices.truth)
        try expectStoreAndAuditVerify(devices.home)
    }

    @Test func aKilledOffloadIsCleanedUpWithoutTouchingAnotherDevicesLiveOne() throws {
        let temp = try TempDirectory()
        let devices = try Devices(temp)
        let live = try startStopped(devices.offload(devices.volumeA), at: "verified", in: temp, name: "a")
        let heldByA = Self.staging(devices.home)

        // B stops with a copy staged, then is killed: its staging folder and running session are left.
        let doomed = try startStopped(devices.offload(devices.volumeB), at: "staged", occurrence: 2, in: temp, name: "b")
        kill(doomed.pid, SIGKILL)
        #expect(try doomed.wait() == 128 + SIGKILL)
        let leftByB = Self.staging(devices.home).subtracting(heldByA)
        #expect(leftByB.contains { !$0.hasSuffix(".lock") }, "B left no staging file: \(leftByB)")
        let killedSession = try VerifyReadOnlyTests.query(devices.catalog, """
            SELECT s.id FROM offload_session s JOIN device d ON d.id = s.device_id WHERE d.serial = 'B005678'
            """)

        // B again: its leftovers go, A's live staging stays, and B completes.
        let rerun = try recgate.run(devices.offload(devices.volumeB))
        #expect(rerun.status == 0, "\(rerun.stderr)")
        try expectStored(rerun.stdout, volume: devices.volumeB, sources: devices.sourcesB, truth: devices.truth)
        #expect(Self.staging(devices.home) == heldByA)
        #expect(try VerifyReadOnlyTests.query(devices.catalog, "SELECT status FROM offload_session WHERE id = '\(killedSession)'")
            == "interrupted")
        #expect(try VerifyReadOnlyTests.query(devices.catalog, """
            SELECT s.status FROM offload_session s JOIN device d ON d.id = s.device_id WHERE d.serial = 'A001234'
            """) == "running")

        kill(live.pid, SIGCONT)
        #expect(try live.wait() == 0, "\(live.stderr())")
        try expectStored(live.stdout(), volume: devices.volumeA, sources: devices.sourcesA, truth: devices.truth)
        let objects = try Oracle.storedObjectsMatchTheirNames(home: devices.home)
        #expect(objects.count == devices.truth.count && objects.mismatches.isEmpty)
        #expect(Self.staging(devices.home).isEmpty)
        try expectStoreAndAuditVerify(devices.home)
        // The devices were only read.
        #expect(try Oracle.openssl("sha256", devices.sourcesA + devices.sourcesB) == devices.truth)
    }

    /// A device killed mid-offload whose recorder never comes back: the next offload of another device
    /// closes its session (its lock is free), so `verify` does not keep waiting on it.
    @Test func aDeadOffloadOfAnotherDeviceIsClosedWhenItsLockIsFree() throws {
        let temp = try TempDirectory()
        let devices = try Devices(temp, count: 2)
        let doomed = try startStopped(devices.offload(devices.volumeB), at: "catalogued", in: temp, name: "b")
        kill(doomed.pid, SIGKILL)
        #expect(try doomed.wait() == 128 + SIGKILL)

        let other = try recgate.run(devices.offload(devices.volumeA))
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try VerifyReadOnlyTests.query(devices.catalog, """
            SELECT d.serial || ':' || s.status FROM offload_session s JOIN device d ON d.id = s.device_id ORDER BY s.started_at
            """) == "B005678:interrupted\nA001234:completed")
        #expect(Self.staging(devices.home).isEmpty)
        try expectStoreAndAuditVerify(devices.home)
    }

    @Test func lockFileNamesKeepEverySerialInsideTheLocksFolder() {
        #expect(DeviceLock.fileName(serial: "A001234") == "A001234.lock")
        #expect(DeviceLock.fileName(serial: "../x") == "%2e%2e%2fx.lock")
        #expect(DeviceLock.fileName(serial: "a b%") == "a%20b%25.lock")
        // Two serials differing only where escaping happens still get two files.
        #expect(DeviceLock.fileName(serial: "a.b") != DeviceLock.fileName(serial: "a%2eb"))
    }
}
