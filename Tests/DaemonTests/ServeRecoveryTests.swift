import Foundation
import Presentation
import Testing
import TestSupport

/// The daemon stopped, killed, or left by a device mid-offload, and what the next start (or the
/// device's return) does: nothing verified read again, nothing released unverified. The daemon is
/// held at named points by the test checkpoints (RECGATE_TEST_CHECKPOINTS / RECGATE_TEST_STOP_AT: it
/// stops itself with SIGSTOP there), so each instant is certain whatever the machine's load.
@Suite(.serialized, .enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount FAT images"))
struct ServeRecoveryTests {
    func checkpoints(_ temp: TempDirectory, stopAt: String? = nil) -> [String: String] {
        var environment = ["RECGATE_TEST_CHECKPOINTS": temp.path("checkpoints-\(UUID().uuidString).log").path]
        if let stopAt { environment["RECGATE_TEST_STOP_AT"] = stopAt }
        return environment
    }

    /// The sessions of the catalog for `serial`: status and error, oldest first (sqlite3 reads the file).
    func catalogSessions(_ setup: ServeHome, serial: String) throws -> [(status: String, error: String)] {
        let sql = "SELECT s.status, coalesce(s.error, '') FROM offload_session s JOIN device d ON d.id = s.device_id "
            + "WHERE d.serial = '\(serial)' ORDER BY s.started_at, s.rowid"
        let output = try runChecked("sqlite3", ["-separator", "\t", setup.home.appendingPathComponent("catalog.sqlite").path, sql])
        return output.stdout.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    @Test func sigtermMidOffloadStopsAtASafePointAndTheNextStartResumes() async throws {
        let setup = try ServeHome()
        let card = try RecorderCard(setup.temp, name: "a", serial: "A001234", count: 4, size: 1 << 20, seed: 5)
        let mount = try card.image.mount(at: setup.slot("a"))
        // Held just after its first clip is catalogued, then asked to stop.
        let first = try ServeProcess(setup.serveArguments, home: setup.home,
                                     environment: checkpoints(setup.temp, stopAt: "catalogued:1"),
                                     outputFolder: setup.temp.url, listening: false)
        #expect(try first.process.waitUntilStopped(), "\(first.process.stderr())")
        first.process.signal(SIGTERM)
        first.process.signal(SIGCONT)
        #expect(try first.process.wait(seconds: 120) == 0, "\(first.process.stderr())")
        #expect(first.process.stderr().contains("the gateway is shutting down"), "\(first.process.stderr())")
        let sessions = try catalogSessions(setup, serial: card.serial)
        #expect(sessions.map(\.status) == ["interrupted"], "\(sessions)")
        #expect(sessions.first?.error.contains("the gateway is shutting down") == true)

        // The next start resumes: what the first stored is found, not read again.
        let second = try ServeProcess(setup.serveArguments, home: setup.home, outputFolder: setup.temp.url)
        let status = try await second.waitForStatus("the card offloaded") { $0.device(card.serial)?.state == "offloaded" }
        let session = try #require(status.sessions(of: card.serial).first)
        #expect(session.state == "completed")
        #expect(session.already_stored >= 1 && session.stored >= 1 && session.stored + session.already_stored == 4,
                "\(session)")
        #expect(session.bytes_done == session.clips.reduce(0) { $0 + $1.size }, "\(session)")
        #expect(Set(try setup.storedObjects().values) == Set(card.truth.values))
        #expect(try second.terminate() == 0)
        #expect(try catalogSessions(setup, serial: card.serial).map(\.status) == ["interrupted", "completed"])
        #expect(try setup.recgate(["verify"]).status == 0)
        #expect(try setup.recgate(["audit", "verify"]).status == 0)
        try mount.unmount()
    }

    @Test func aCardPulledMidOffloadEndsItsSessionAndResumesWhenPutBack() async throws {
        let setup = try ServeHome()
        let card = try RecorderCard(setup.temp, name: "a", serial: "A001234", count: 4, size: 1 << 20, seed: 6)
        let daemon = try ServeProcess(setup.serveArguments, home: setup.home,
                                      environment: checkpoints(setup.temp, stopAt: "catalogued:1"),
                                      outputFolder: setup.temp.url)
        var mount: FuseMount? = try card.image.mount(at: setup.slot("a"))
        #expect(try daemon.process.waitUntilStopped(), "\(daemon.process.stderr())")
        // Pulled out: its fusefat dies (reads fail), then its mount goes.
        kill(try #require(mount).daemonID, SIGKILL)
        daemon.process.signal(SIGCONT)
        let failed = try await daemon.waitForStatus("the session ended") { $0.sessions.first?.ended_at != nil }
        #expect(failed.sessions.first?.state == "failed", "\(failed)")
        #expect((failed.sessions.first?.stored ?? 0) >= 1)
        _ = try run("fusermount", ["-u", "-z", setup.slot("a").path])
        try await daemon.waitForStatus("the card gone") { $0.devices.first?.state == "left" }
        mount = nil

        // Put back: it queues again and completes, reading only what is not verified yet.
        let back = try card.image.mount(at: setup.slot("a"))
        let status = try await daemon.waitForStatus("the card offloaded") { $0.device(card.serial)?.state == "offloaded" }
        let sessions = status.sessions(of: card.serial)
        #expect(sessions.count == 2)
        let resumed = try #require(sessions.first)
        #expect(resumed.state == "completed")
        let storedBefore = sessions.last?.stored ?? 0
        #expect(resumed.already_stored == storedBefore && resumed.stored == 4 - storedBefore, "\(sessions)")
        #expect(resumed.bytes_done == resumed.clips.reduce(0) { $0 + $1.size })
        #expect(Set(try setup.storedObjects().values) == Set(card.truth.values))
        #expect(try daemon.terminate() == 0)
        try back.unmount()
    }

    @Test(arguments: ["session-begun:1", "staged:2", "verified:2", "committed:2", "catalogued:2", "release-audited:2", "released:1"])
    func killedAtAnyPointTheNextStartCompletesAndNothingIsReleasedUnverified(_ point: String) throws {
        let setup = try ServeHome(configuration: #"{"release": "after_verify"}"#)
        let card = try RecorderCard(setup.temp, name: "a", serial: "A001234", count: 3, size: 256 << 10, seed: 7)
        let mount = try card.image.mount(readWrite: true, at: setup.slot("a"))
        let arguments = setup.serveArguments + ["--until-idle"]
        let killed = try ServeProcess(arguments, home: setup.home, environment: checkpoints(setup.temp, stopAt: point),
                                      outputFolder: setup.temp.url, listening: false)
        #expect(try killed.process.waitUntilStopped(), "never reached \(point): \(killed.process.stderr())")
        killed.process.signal(SIGKILL)
        _ = try killed.process.wait()

        // Whatever is gone from the card is in the store, verified (openssl agrees).
        func releasedAreStored() throws {
            let stored = Set(try setup.storedObjects().values)
            for (path, digest) in card.truth where !FileManager.default.fileExists(atPath: setup.slot("a").appendingPathComponent(path).path) {
                #expect(stored.contains(digest), "\(path) released before it was stored (killed at \(point))")
            }
        }
        try releasedAreStored()

        let restart = try setup.recgate(["serve", "--listen", "127.0.0.1:0", "--watch", setup.watched.path, "--until-idle"])
        #expect(restart.status == 0, "\(restart.stderr)")
        try releasedAreStored()
        #expect(Set(try setup.storedObjects().values) == Set(card.truth.values))
        for path in card.truth.keys {
            #expect(!FileManager.default.fileExists(atPath: setup.slot("a").appendingPathComponent(path).path), "\(path) kept")
        }
        #expect(try setup.recgate(["verify"]).status == 0)
        #expect(try setup.recgate(["audit", "verify"]).status == 0)
        try mount.unmount()
    }

    @Test func everyDockedDeviceGetsTurnsWithMoreDevicesThanSlots() async throws {
        let setup = try ServeHome(configuration: #"{"offload_concurrency": 1, "offload_slice_bytes": 1}"#)
        let a = try RecorderCard(setup.temp, name: "a", serial: "A001234", count: 3, size: 1 << 20, seed: 8)
        let b = try RecorderCard(setup.temp, name: "b", serial: "B005678", count: 3, size: 1 << 20, seed: 9)
        // A docks first and holds the only slot, its reads waiting (fusefat stopped), while B docks behind it.
        let mountA = try a.image.mount(at: setup.slot("a"))
        kill(mountA.daemonID, SIGSTOP)
        let daemon = try ServeProcess(setup.serveArguments, home: setup.home, outputFolder: setup.temp.url)
        try await daemon.waitForStatus("card A offloading") { $0.devices.first?.state == "offloading" }
        let mountB = try b.image.mount(at: setup.slot("b"))
        try await daemon.waitForStatus("card B waiting") { $0.queue.waiting.count == 1 }
        kill(mountA.daemonID, SIGCONT)

        let status = try await daemon.waitForStatus("both cards offloaded") { s in
            [a, b].allSatisfy { s.device($0.serial)?.state == "offloaded" }
        }
        // A slice of one byte: one recording a turn, the devices taking turns.
        let order = status.sessions.reversed().map { $0.serial ?? "?" }
        #expect(order == [a.serial, b.serial, a.serial, b.serial, a.serial, b.serial], "\(status.sessions)")
        for card in [a, b] {
            let sessions = Array(status.sessions(of: card.serial).reversed())
            #expect(sessions.map(\.state) == ["interrupted", "interrupted", "completed"], "\(sessions)")
            #expect(sessions.map(\.stored) == [1, 1, 1])
            #expect(sessions.map(\.already_stored) == [0, 1, 2])
        }
        #expect(Set(try setup.storedObjects().values) == Set(a.truth.values).union(b.truth.values))
        #expect(try daemon.terminate() == 0)
        try mountA.unmount()
        try mountB.unmount()
    }
}
