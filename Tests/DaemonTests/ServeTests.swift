import Foundation
import Presentation
import Testing
import TestSupport

/// `recgate serve` as a process: recorder cards (FAT32 images mounted with fusefat) appear under its
/// watched folder while it runs and are offloaded without a command; /status and /metrics are read
/// over HTTP on loopback; digests are checked with openssl. A card's fusefat stopped with SIGSTOP holds
/// that card's offload where it is (its reads wait), so overlaps and turns are certain, not timed.
@Suite(.serialized, .enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount FAT images"))
struct ServeTests {
    /// Every clip the sessions stored has the digest openssl computes of the card's file, and the object
    /// at its store path hashes (openssl again) to that digest.
    func expectStored(_ status: DaemonStatus, _ card: RecorderCard, in setup: ServeHome,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let clips = status.sessions(of: card.serial).flatMap(\.clips)
        #expect(Set(clips.map(\.path)) == Set(card.truth.keys), sourceLocation: sourceLocation)
        let objects = try setup.storedObjects()
        for clip in clips {
            #expect(clip.sha256 == card.truth[clip.path], "\(clip.path)", sourceLocation: sourceLocation)
            let object = clip.store_path.map { $0.hasPrefix("/") ? $0 : setup.home.appendingPathComponent($0).path }
            #expect(object.flatMap { objects[$0] } == card.truth[clip.path], "\(clip)", sourceLocation: sourceLocation)
        }
    }

    @Test func twoCardsMountedWhileTheDaemonRunsAreOffloadedAtOnceWithoutACommand() async throws {
        let setup = try ServeHome()
        let a = try RecorderCard(setup.temp, name: "a", serial: "A001234", count: 3, size: 1 << 20, seed: 1)
        let b = try RecorderCard(setup.temp, name: "b", serial: "B005678", count: 3, size: 1 << 20, seed: 2)
        let daemon = try ServeProcess(setup.serveArguments, home: setup.home, outputFolder: setup.temp.url)
        #expect(try await daemon.status().devices.isEmpty)

        // Card A docks and its offload is held inside its first read (its fusefat stopped)...
        kill(daemon.process.pid, SIGSTOP)
        let mountA = try a.image.mount(at: setup.slot("a"))
        kill(mountA.daemonID, SIGSTOP)
        kill(daemon.process.pid, SIGCONT)
        try await daemon.waitForStatus("card A offloading") { $0.devices.first?.state == "offloading" }
        // ...while card B docks and is offloaded completely: two offloads at once.
        let mountB = try b.image.mount(at: setup.slot("b"))
        let bDone = try await daemon.waitForStatus("card B offloaded") { $0.device(b.serial)?.state == "offloaded" }
        #expect(bDone.devices.first { $0.source.hasSuffix("/a") }?.state == "offloading")
        kill(mountA.daemonID, SIGCONT)
        let status = try await daemon.waitForStatus("both cards offloaded") { s in
            [a, b].allSatisfy { s.device($0.serial)?.state == "offloaded" }
        }
        for card in [a, b] {
            try expectStored(status, card, in: setup)
            let session = try #require(status.sessions(of: card.serial).first)
            #expect(session.state == "completed")
            #expect(session.stored == 3 && session.failed == 0)
            #expect(session.bytes_done == card.totalBytes && session.bytes_total == card.totalBytes)
            #expect(session.current_file == nil)
        }

        let metrics = try await daemon.metrics()
        #expect(metrics["recgate_clips_stored_total"] == 6)
        #expect(metrics["recgate_offload_bytes_total"] == Double(a.totalBytes + b.totalBytes))
        #expect(metrics["recgate_offload_sessions_total{outcome=\"completed\"}"] == 2)
        #expect(metrics["recgate_devices{state=\"offloaded\"}"] == 2)
        #expect(metrics["recgate_offloads_running"] == 0)
        #expect(metrics["recgate_queue_waiting"] == 0)
        #expect(metrics["recgate_device_health{status=\"ok\"}", default: 0]
            + metrics["recgate_device_health{status=\"warning\"}", default: 0]
            + metrics["recgate_device_health{status=\"fault\"}", default: 0]
            + metrics["recgate_device_health{status=\"unknown\"}", default: 0] == 2)

        // `recgate status --json` prints what /status serves; the text names each device's state.
        let json = try setup.recgate(["status", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let printed = try JSONDecoder().decode(DaemonStatus.self, from: Data(json.stdout.utf8))
        #expect(printed == (try await daemon.status()))
        let text = try setup.recgate(["status"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("offloaded, serial \(a.serial)") && text.stdout.contains("offloaded, serial \(b.serial)"),
                "\(text.stdout)")

        #expect(try daemon.terminate() == 0, "\(daemon.process.stderr())")
        let log = daemon.process.stderr()
        #expect(log.contains("arrived") && log.contains("offload started") && log.contains("offloaded: 3 clips stored"), "\(log)")
        #expect(!FileManager.default.fileExists(atPath: setup.home.appendingPathComponent("run/serve.json").path))
        let none = try setup.recgate(["status"])
        #expect(none.status == 1 && none.stderr.contains("no recgate serve runs"), "\(none.stderr)")
        try mountA.unmount()
        try mountB.unmount()
    }

    @Test func untilIdleOffloadsTheCardsPresentAtStartAndExits() throws {
        let setup = try ServeHome()
        let a = try RecorderCard(setup.temp, name: "a", serial: "A001234", count: 2, size: 1 << 20, seed: 3)
        let b = try RecorderCard(setup.temp, name: "b", serial: "B005678", count: 2, size: 1 << 20, seed: 4)
        let mountA = try a.image.mount(at: setup.slot("a"))
        let mountB = try b.image.mount(at: setup.slot("b"))
        let serve = try setup.recgate(["serve", "--listen", "127.0.0.1:0", "--watch", setup.watched.path, "--until-idle"])
        #expect(serve.status == 0, "\(serve.stderr)")
        let stored = Set(try setup.storedObjects().values)
        #expect(stored == Set(a.truth.values).union(b.truth.values))
        #expect(try setup.recgate(["verify"]).status == 0)
        try mountA.unmount()
        try mountB.unmount()
    }

    @Test func untilIdleWithNothingDockedExitsAtOnce() throws {
        let setup = try ServeHome()
        let serve = try setup.recgate(["serve", "--listen", "127.0.0.1:0", "--watch", setup.watched.path, "--until-idle"])
        #expect(serve.status == 0, "\(serve.stderr)")
        #expect(try setup.storedObjects().isEmpty)
    }
}
