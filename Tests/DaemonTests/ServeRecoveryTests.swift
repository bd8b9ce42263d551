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
        // Held once its first recording is staged; then its card is held (fusefat stopped: the next read
        // waits), and the daemon is asked to stop while the card still holds recordings not yet read.
        let first = try ServeProcess(setup.serveArguments, home: setup.home,
                                     environment: checkpoints(setup.temp, stopAt: "staged:1"),
                                     outputFolder: setup.temp.url, listening: false)
        #expect(try first.process.waitUntilStopped(), "\(first.process.stderr())")
        kill(mount.daemonID, SIGSTOP)
        first.process.signal(SIGCONT)
        // Live progress: the first recording read, the second being copied (its read waits on the card).
        try first.waitUntilListening()
        let secondPath = card.truth.keys.sorted()[1]
        let live = try await first.waitForStatus("the second recording being copied") {
            $0.sessions.first?.current_file == secondPath
        }
        let running = try #require(live.sessions.first)
        #expect(running.state == "running" && running.ended_at == nil && running.id != nil, "\(running)")
        #expect(running.bytes_done == 1 << 20 && running.bytes_total == 4 << 20, "\(running)")
        #expect(live.device(card.serial)?.state == "offloading" && live.queue.running == 1)
        let metrics = try await first.metrics()
        #expect(metrics["recgate_offloads_running"] == 1 && metrics["recgate_offload_bytes_total"] == Double(1 << 20))
        first.process.signal(SIGTERM)
        #expect(first.waitForLog("stopping: 1 offload(s) finish their current recording"), "\(first.process.stderr())")
        kill(mount.daemonID, SIGCONT)
        #expect(try first.process.wait(seconds: 120) == 0, "\(first.process.stderr())")
        #expect(first.process.stderr().contains("stopped (the gateway is shutting down"), "\(first.process.stderr())")
        let sessions = try catalogSessions(setup, serial: card.serial)
        #expect(sessions.map(\.status) == ["interrupted"], "\(sessions)")
        #expect(sessions.first?.error.contains("the gateway is shutting down") == true)

        // The next start resumes: what the first stored is found, not read again.
        let second = try ServeProcess(setup.serveArguments, home: setup.home, outputFolder: setup.temp.url)
        let status = try await second.waitForStatus("the card offloaded") { $0.device(card.serial)?.state == "offloaded" }
        let session = try #require(status.sessions(of: card.serial).first)
        #expect(session.current_file == nil)
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
        // Pulled out: its fusefat dies (reads fail) and its mount goes, while the offload is mid-card.
        kill(try #require(mount).daemonID, SIGKILL)
        _ = try run("fusermount", ["-u", "-z", setup.slot("a").path])
        daemon.process.signal(SIGCONT)
        let failed = try await daemon.waitForStatus("the session ended and the card gone") {
            $0.sessions.first?.ended_at != nil && $0.devices.first?.state == "left"
        }
        let ended = try #require(failed.sessions.first)
        // Whether the stop or a failed read came first, the status says what the catalog says.
        #expect(["failed", "interrupted"].contains(ended.state), "\(failed)")
        #expect(try catalogSessions(setup, serial: card.serial).map(\.status) == [ended.state])
        #expect(ended.stored >= 1 && ended.stored < 4, "\(ended)")
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

    @Test func aCardPulledWhileWaitingIsDroppedFromTheLine() async throws {
        let setup = try ServeHome(configuration: #"{"offload_concurrency": 1}"#)
        let a = try RecorderCard(setup.temp, name: "a", serial: "A001234", count: 1, size: 1 << 20, seed: 13)
        let b = try RecorderCard(setup.temp, name: "b", serial: "B005678", count: 1, size: 1 << 20, seed: 14)
        let mountA = try a.image.mount(at: setup.slot("a"))
        kill(mountA.daemonID, SIGSTOP)
        let daemon = try ServeProcess(setup.serveArguments, home: setup.home, outputFolder: setup.temp.url)
        try await daemon.waitForStatus("card A offloading") { $0.devices.first?.state == "offloading" }
        let mountB = try b.image.mount(at: setup.slot("b"))
        try await daemon.waitForStatus("card B waiting") { $0.queue.waiting == ["volume:\(setup.slot("b").path)"] }
        try mountB.unmount()
        let gone = try await daemon.waitForStatus("card B gone") { $0.queue.waiting.isEmpty && $0.devices.count == 2 && $0.devices[1].state == "left" }
        #expect(gone.sessions.count == 1)
        kill(mountA.daemonID, SIGCONT)
        let status = try await daemon.waitForStatus("card A offloaded") { $0.device(a.serial)?.state == "offloaded" }
        #expect(status.sessions.count == 1 && status.devices[1].state == "left" && status.devices[1].serial == nil)
        #expect(Set(try setup.storedObjects().values) == Set(a.truth.values))
        let metrics = try await daemon.metrics()
        #expect(metrics["recgate_devices{state=\"left\"}"] == 1 && metrics["recgate_devices{state=\"offloaded\"}"] == 1)
        #expect(try daemon.terminate() == 0)
        try mountA.unmount()
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
