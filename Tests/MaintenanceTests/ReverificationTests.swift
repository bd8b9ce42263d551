import DeviceKit
import Compliance
import Evidence
import Foundation
import Gateway
import Offload
import Presentation
import Testing
import TestSupport

/// A clock that moves only when slept on: the pacing is checked as arithmetic, never by wall time.
final class SteppedClock: PacingClock, @unchecked Sendable {
    // Sendable proof: `time` and `sleeps` are read and written only under `lock`.
    private let lock = NSLock()
    private var time: Double = 1000
    private var sleeps: [Double] = []

    func now() -> Double { lock.withLock { time } }
    func sleep(_ seconds: Double) {
        lock.withLock {
            if seconds > 0 { sleeps.append(seconds) }
            time += max(0, seconds)
        }
    }
    var slept: [Double] { lock.withLock { sleeps } }
    var elapsed: Double { lock.withLock { time - 1000 } }
}

@Suite struct TokenBucketTests {
    /// Reads of any sizes, back to back, each followed by the wait the bucket asks for: the time taken
    /// is what the rate allows for the bytes beyond the first burst, never less and never more.
    @Test func readsBackToBackTakeTheTimeTheRateAllows() {
        for (rate, capacity, sizes) in [
            (1_000_000.0, 1_000_000.0, Array(repeating: 1 << 20, count: 40)),
            (50_000_000, 50_000_000, Array(repeating: 4 << 20, count: 100)),
            (3_000, 1_000, [1, 4096, 17, 999_999, 5, 65_536, 1_000_000]),
        ] {
            var bucket = TokenBucket(rate: rate, capacity: capacity)
            var now = 0.0
            for size in sizes { now += bucket.take(size, at: now) }
            let total = Double(sizes.reduce(0, +))
            let allowed = max(0, total - capacity) / rate
            #expect(abs(now - allowed) <= 1e-9 * max(1, allowed), "rate \(rate): took \(now) s, the rate allows \(allowed) s")
        }
    }

    /// Within any stretch, the bytes taken are at most a burst plus rate × length.
    @Test func noStretchReadsMoreThanABurstPlusTheRate() {
        var bucket = TokenBucket(rate: 1000, capacity: 500)
        var now = 0.0
        var log: [(at: Double, bytes: Int)] = []
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let bytes = Int.random(in: 1...800, using: &generator)
            log.append((now, bytes))
            now += bucket.take(bytes, at: now) + Double.random(in: 0...0.3, using: &generator)
        }
        for i in log.indices {
            var bytes = 0
            for j in i..<log.count {
                bytes += log[j].bytes
                // Reads from i through j happen within [log[i].at, log[j].at]; the debt of the last one is
                // paid after it, so it counts whole.
                let limit = 500 + 1000 * (log[j].at - log[i].at) + Double(log[j].bytes)
                #expect(Double(bytes) <= limit + 1e-6, "reads \(i)…\(j)")
                if Double(bytes) > limit { return }
            }
        }
    }

    @Test func idleTimeFillsTheBucketOnlyToItsCapacity() {
        var bucket = TokenBucket(rate: 100, capacity: 200)
        #expect(bucket.take(200, at: 0) == 0)
        #expect(bucket.take(100, at: 0) == 1)  // one second's debt
        // An hour idle refills 200, not 360 000.
        #expect(bucket.take(200, at: 3600) == 0)
        #expect(bucket.take(100, at: 3600) == 1)
        // A clock going back gives nothing.
        #expect(bucket.take(0, at: 10) == 1)
    }

    /// The verifier reads through the pacer: the waits it asked for add up to the stored bytes beyond
    /// the first burst at the configured rate, and every byte was hashed (no problem found).
    @Test func theVerifierIsHeldToTheRate() throws {
        let home = try OffloadedHome([
            "A.MP4": try MaintenanceFixtures.indexLast(), "B.MP4": try MaintenanceFixtures.indexFirst(),
            "C.AVI": try MaintenanceFixtures.mjpegAVI(),
        ])
        let clock = SteppedClock()
        // 100 kB/s: a burst of one second's worth, the rest paced.
        let pacer = ReadPacer(bytesPerSecond: 100_000, clock: clock)
        let result = try StoreVerifier(home: home.home, pacer: pacer).run()
        #expect(result.ok && result.checked == 3, "\(result.problems)")
        let allowed = max(0, Double(result.bytes) - 100_000) / 100_000
        #expect(allowed > 1, "the fixtures are large enough to be paced (\(result.bytes) bytes)")
        #expect(abs(clock.elapsed - allowed) < 1e-6, "slept \(clock.elapsed) s, the rate allows \(allowed) s")
        #expect(abs(pacer.waited - clock.elapsed) < 1e-9)
    }
}

@Suite struct ReverificationTests {
    static func home() throws -> OffloadedHome {
        try OffloadedHome(
            ["A.MP4": try MaintenanceFixtures.indexLast(), "B.MP4": try MaintenanceFixtures.indexFirst(),
             "C.AVI": try MaintenanceFixtures.mjpegAVI()],
            configuration: #"{"reverify_interval_hours": 24, "reverify_rate_mb_s": 200}"#)
    }

    @Test func aCorruptAndAMissingObjectAreFoundCountedAndAudited() throws {
        let home = try Self.home()
        let corrupt = home.gateway.storedObjectPath(sha256: home.stored["A.MP4"]!)
        let missing = home.gateway.storedObjectPath(sha256: home.stored["B.MP4"]!)
        // The store keeps objects read-only; the damage is done as an intruder or a bad disk would.
        chmod(corrupt, 0o644)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: corrupt))
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([0xde, 0xad, 0xbe, 0xef]))
        try handle.close()
        try FileManager.default.removeItem(atPath: missing)

        let clock = SteppedClock()
        let schedule = try StoreReverification(gateway: home.gateway, clock: clock)
        #expect(schedule.intervalHours == 24 && schedule.rateMBs == 200)
        let run = schedule.runNow()
        #expect(run.checked == 3 && run.mismatch == 1 && run.missing == 1 && run.unreadable == 0, "\(run)")
        #expect(run.problems == 2 && !run.ok && run.error == nil)
        #expect(run.rate_mb_s == 200)
        #expect(schedule.status.last == run && !schedule.status.running)

        let catalog = try home.home.openCatalogForReading(try home.gateway.configuration())
        let entry = try #require(try catalog.latestAuditEntry(action: "store.reverified"))
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(entry.detail.utf8)) as? [String: Any])
        #expect(detail["checked"] as? Int == 3 && detail["mismatch"] as? Int == 1 && detail["missing"] as? Int == 1)
        #expect(detail["problems"] as? Int == 2 && detail["ok"] as? Bool == false)
        // The audit chain still holds with the new entry (the store itself does not, rightly).
        let audit = try home.recgate(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
    }

    @Test func aHealthyStoreRunsCleanAndTheNextRunIsAnIntervalLater() throws {
        let home = try Self.home()
        let schedule = try StoreReverification(gateway: home.gateway, clock: SteppedClock())
        let now = Date()
        // Never run: due at once.
        #expect(try schedule.due(now: now) == now)
        let run = schedule.runNow()
        #expect(run.ok && run.checked == 3 && run.bytes > 0, "\(run)")
        let catalog = try home.home.openCatalogForReading(try home.gateway.configuration())
        let entry = try #require(try catalog.latestAuditEntry(action: "store.reverified"))
        let due = try #require(try schedule.due(now: now))
        #expect(due == entry.at.addingTimeInterval(24 * 3600))
        let ended = try #require(try? RFC3339.parse(run.ended_at).get())
        #expect(abs(due.timeIntervalSince(ended) - 24 * 3600) < 1)
    }

    @Test func aHomeWithoutACatalogIsNotDueForAnInterval() throws {
        let temp = try TempDirectory()
        let schedule = try StoreReverification(gateway: Gateway(home: GatewayHome(root: temp.url)))
        let now = Date()
        #expect(try schedule.due(now: now) == now.addingTimeInterval(168 * 3600))
        #expect(!FileManager.default.fileExists(atPath: temp.path("catalog.sqlite").path))
    }

    @Test func anIntervalOfZeroTurnsTheScheduleOff() throws {
        let home = try OffloadedHome(["A.MP4": try MaintenanceFixtures.indexFirst()],
                                     configuration: #"{"reverify_interval_hours": 0}"#)
        let schedule = try StoreReverification(gateway: home.gateway)
        #expect(try schedule.due() == nil)
        schedule.start()  // does nothing
        schedule.stop()
        #expect(schedule.status.last == nil && schedule.status.interval_hours == 0)
    }

    /// Started with a store never re-verified, the schedule runs at once on its idle thread.
    @Test func theScheduleRunsADueRun() throws {
        let home = try Self.home()
        let schedule = try StoreReverification(gateway: home.gateway)
        schedule.start()
        let last = try #require(schedule.waitForRuns(1))
        schedule.stop()
        #expect(last.ok && last.checked == 3, "\(last)")
        // The next run is an interval after this one.
        let next = try #require(schedule.status.next_due.flatMap { try? RFC3339.parse($0).get() })
        #expect(next > Date().addingTimeInterval(23 * 3600), "\(schedule.status)")
    }
}

@Suite struct MaintenanceConfigurationTests {
    static func problems(_ json: String) -> [String] {
        GatewayConfiguration.problems(in: Array(json.utf8)).map(\.description)
    }

    @Test func defaultsAndGoodValues() throws {
        let defaults = GatewayConfiguration()
        #expect(defaults.proxyPolicy == .faststart && defaults.reverifyIntervalHours == nil && defaults.reverifyRateMBs == nil)
        let json = #"{"proxy_policy": "all", "reverify_interval_hours": 0, "reverify_rate_mb_s": 5}"#
        #expect(Self.problems(json).isEmpty)
        let read = try JSONDecoder().decode(GatewayConfiguration.self, from: Data(json.utf8))
        #expect(read.proxyPolicy == .all && read.reverifyIntervalHours == 0 && read.reverifyRateMBs == 5)
    }

    @Test func badValuesAreRefusedNamingTheKey() {
        #expect(Self.problems(#"{"proxy_policy": "some"}"#)
            == [#"line 1, column 18, proxy_policy: unknown proxy policy "some" (known: none, faststart, all)"#])
        #expect(Self.problems(#"{"proxy_policy": 1}"#).first?.contains("must be one of none, faststart, all") == true)
        #expect(Self.problems(#"{"reverify_interval_hours": -1}"#).first?.contains("from 0 to 8760") == true)
        #expect(Self.problems(#"{"reverify_interval_hours": 1.5}"#).first?.contains("whole number of hours") == true)
        #expect(Self.problems(#"{"reverify_rate_mb_s": 0}"#).first?.contains("whole number of MB a second from 1 to 100000") == true)
        #expect(Self.problems(#"{"reverify_rate_mb_s": "fast"}"#).first?.contains("reverify_rate_mb_s") == true)
    }
}
