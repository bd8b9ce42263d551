import Foundation
import Testing
import TestSupport

/// Live progress over server-sent events while a card mounted under the watched folder is offloaded.
/// The offload is held at a known point, not timed: the daemon stops itself once the first recording is
/// staged (the test checkpoints), the card's fusefat is stopped (the next read waits on it), and the
/// daemon goes on; it is let go after the stream has shown the session part-way.
@Suite(.serialized, .enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount FAT images"))
struct EventStreamTests {
    static let serial = "A001234"

    @Test func theStreamShowsASessionPartWayThenTheDeviceOffloaded() async throws {
        let home = try WebHome()
        let size = 1 << 20
        let image = try FATImage(at: home.temp.path("card.img"), sizeMiB: 40)
        let sources = home.temp.path("card-sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        for i in 1...4 {
            let file = "20261103_09\(String(format: "%02d", i))00_\(Self.serial)_\(String(format: "%04d", i)).MP4"
            let local = sources.appendingPathComponent(file)
            try Data(Self.bytes(size, seed: UInt64(i))).write(to: local)
            try image.copy(local, to: "DCIM/100MEDIA/\(file)", modified: .init(year: 2026, month: 11, day: 3, hour: 9, minute: i, second: 0))
        }
        let mount = try image.mount(at: home.watched.appendingPathComponent("a"))
        defer { kill(mount.daemonID, SIGCONT); try? mount.unmount() }

        let checkpoints = home.temp.path("checkpoints.log").path
        let daemon = try WebDaemon(home, environment: ["RECGATE_TEST_CHECKPOINTS": checkpoints, "RECGATE_TEST_STOP_AT": "staged:1"],
                                   listening: false)
        #expect(try daemon.process.waitUntilStopped(), "\(daemon.process.stderr())")
        kill(mount.daemonID, SIGSTOP)
        daemon.process.signal(SIGCONT)
        try daemon.waitUntilListening()
        let http = try daemon.http
        let keeper = try await daemon.login("keeper")

        let stream = try await http.open("/api/events", as: keeper)
        defer { stream.cancel() }
        #expect(stream.status == 200)
        let events = stream.events()
        let partWay = try await events.next { status in
            Self.sessions(status).contains { session in
                guard session["serial"] as? String == Self.serial, let done = session["bytes_done"] as? Int,
                      let total = session["bytes_total"] as? Int else { return false }
                return done > 0 && done < total
            }
        }
        let session = try #require(Self.sessions(partWay).first { $0["serial"] as? String == Self.serial })
        #expect(session["bytes_total"] as? Int == 4 * size, "\(session)")
        #expect(session["state"] as? String == "running", "\(session)")

        kill(mount.daemonID, SIGCONT)
        let done = try await events.next { status in
            (status["devices"] as? [[String: Any]])?.contains { $0["serial"] as? String == Self.serial && $0["state"] as? String == "offloaded" }
                == true
        }
        let finished = try #require(Self.sessions(done).first { $0["serial"] as? String == Self.serial })
        #expect(finished["bytes_done"] as? Int == 4 * size, "\(finished)")
        stream.cancel()
        // The same session over the plain API, for a keeper.
        let listed = try await http.get("/api/sessions", as: keeper)
        #expect(listed.status == 200, "\(listed)")
        let sessions = try #require(try listed.json() as? [[String: Any]], "\(listed)")
        #expect(sessions.contains { $0["serial"] as? String == Self.serial }, "\(listed)")
        #expect(try daemon.stop() == 0)
    }

    @Test func anOpenStreamDoesNotKeepTheDaemonFromStopping() async throws {
        let home = try WebHome()
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        let keeper = try await daemon.login("keeper")
        let stream = try await http.open("/api/events", as: keeper)
        defer { stream.cancel() }
        #expect(stream.status == 200)
        let events = stream.events()
        let first = try await events.next { _ in true }
        #expect(first["sessions"] is [Any], "\(first)")
        // SIGTERM with the stream open (a dashboard left open): the stream ends and the daemon exits by
        // itself, not by the SIGKILL `stop` sends after its deadline.
        #expect(try daemon.stop() == 0, "\(daemon.process.stderr())")
        await #expect(throws: TestSupportError.self) { _ = try await events.next { _ in false } }
    }

    static func sessions(_ status: [String: Any]) -> [[String: Any]] {
        status["sessions"] as? [[String: Any]] ?? []
    }

    /// Seeded xorshift bytes (compressed media looks like this).
    static func bytes(_ size: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes = [UInt8](repeating: 0, count: size)
        for i in stride(from: 0, to: size, by: 8) {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            withUnsafeBytes(of: state) { word in
                for j in 0..<min(8, size - i) { bytes[i + j] = word[j] }
            }
        }
        return bytes
    }
}
