import Foundation
import Presentation
import Testing
import TestSupport

/// The daemon's background work as a process: faststart copies and proxies made at low priority for a
/// clip stored before it started (found in the catalog) and for a card offloaded while it runs, and the
/// store re-hashed on its schedule; all shown in /status and /metrics, and audited.
@Suite(.serialized, .enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount FAT images"))
struct ServeMaintenanceTests {
    static let picture = ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1"]

    /// H.264/AAC MP4 with its index at the end (a faststart copy is wanted); `width` makes other bytes.
    static func indexLast(width: Int = 320) throws -> URL { try DerivedClipFactory.clip(seconds: 1, width: width) }

    /// Video no browser plays: HEVC where ffmpeg has libx265, else MJPEG in AVI (a proxy is wanted).
    static func unplayable() throws -> (URL, String) {
        if try runChecked("ffmpeg", ["-hide_banner", "-encoders"]).stdout.contains("libx265") {
            return (try DerivedClipFactory.make(picture + ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
                                                           "log-level=error", "-tag:v", "hvc1", "-f", "mp4"], ext: "mp4"), "MP4")
        }
        return (try DerivedClipFactory.make(picture + ["-c:v", "mjpeg", "-f", "avi"], ext: "avi"), "AVI")
    }

    @Test func derivedMediaAndTheScheduledReverificationRunUnattended() async throws {
        let setup = try ServeHome(configuration: #"{"proxy_policy": "all", "reverify_interval_hours": 24, "reverify_rate_mb_s": 100}"#)
        // One clip stored before the daemon starts: its faststart copy is pending in the catalog.
        let earlier = setup.temp.path("earlier")
        try FileManager.default.createDirectory(at: earlier.appendingPathComponent("DCIM"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try Self.indexLast(), to: earlier.appendingPathComponent("DCIM/EARLY001.MP4"))
        let offload = try setup.recgate(["offload", "--volume", earlier.path, "--device", "E000001"])
        #expect(offload.status == 0, "\(offload.stdout)\(offload.stderr)")

        // A card with a clip that wants a faststart copy and one that wants a proxy.
        let image = try FATImage(at: setup.temp.path("card.img"))
        let (unplayable, ext) = try Self.unplayable()
        _ = try image.copy(try Self.indexLast(width: 352), to: "DCIM/100MEDIA/20261103_090100_C001234_0001.MP4",
                           modified: .init(year: 2026, month: 11, day: 3, hour: 9, minute: 2, second: 0))
        _ = try image.copy(unplayable, to: "DCIM/100MEDIA/20261103_091000_C001234_0002.\(ext)",
                           modified: .init(year: 2026, month: 11, day: 3, hour: 9, minute: 11, second: 0))

        let daemon = try ServeProcess(setup.serveArguments, home: setup.home, outputFolder: setup.temp.url)
        // The store was never re-verified: the schedule runs at once.
        let verified = try await daemon.waitForStatus("the store re-verified") { $0.reverification?.last != nil }
        let run = try #require(verified.reverification?.last)
        #expect(run.ok && run.checked >= 1 && run.rate_mb_s == 100, "\(run)")
        #expect(verified.reverification?.interval_hours == 24)

        let mount = try image.mount(at: setup.slot("card"))
        let status = try await daemon.waitForStatus("derived files made") { s in
            s.derived.map { $0.faststart_made == 2 && $0.proxies_made == 1 && $0.pending == 0 && $0.working == nil } == true
        }
        let derived = try #require(status.derived)
        #expect(derived.policy == "all" && derived.failed == 0, "\(derived)")
        #expect(status.reverification?.next_due != nil)

        let metrics = try await daemon.metrics()
        #expect(metrics["recgate_derived_made{kind=\"faststart\"}"] == 2)
        #expect(metrics["recgate_derived_made{kind=\"proxy\"}"] == 1)
        #expect(metrics["recgate_derived_pending"] == 0)
        #expect(metrics["recgate_store_reverified_clips"] == Double(run.checked))
        #expect((metrics["recgate_store_reverified_timestamp_seconds"] ?? 0) > 0)

        let text = try setup.recgate(["status"])
        #expect(text.stdout.contains("derived media (all): 2 faststart copies and 1 proxies made"), "\(text.stdout)")
        #expect(text.stdout.contains("store re-verification every 24 h at 100 MB/s"), "\(text.stdout)")

        #expect(try daemon.terminate() == 0)
        try mount.unmount()

        // The derived files are outside the store, each with the bytes its audited row names.
        let catalog = setup.home.appendingPathComponent("catalog.sqlite").path
        let rows = try runChecked("sqlite3", [catalog, "SELECT kind, path, sha256 FROM derived ORDER BY kind"]).stdout
            .split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        #expect(rows.map { $0[0] } == ["faststart", "faststart", "proxy"], "\(rows)")
        for row in rows {
            #expect(row[1].hasPrefix(setup.home.appendingPathComponent("derived/").path))
            let digest = try runChecked("openssl", ["dgst", "-sha256", "-r", row[1]]).stdout.prefix(64)
            #expect(String(digest) == row[2])
        }
        let audited = try runChecked("sqlite3", [catalog, "SELECT count(*) FROM audit WHERE action = 'derived.made'"]).stdout
        #expect(audited.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        let reverified = try runChecked("sqlite3", [catalog, "SELECT count(*) FROM audit WHERE action = 'store.reverified'"]).stdout
        #expect(reverified.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let verify = try setup.recgate(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let audit = try setup.recgate(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
    }

    /// A clip stored by another process while the daemon runs (`recgate offload` beside it) is found by
    /// the queue's next look at the catalog and gets its faststart copy without a restart.
    @Test func aClipStoredBesideTheDaemonGetsItsDerivedFile() async throws {
        let setup = try ServeHome(configuration: #"{"proxy_policy": "faststart", "derived_rescan_seconds": 1, "reverify_interval_hours": 0}"#)
        let daemon = try ServeProcess(setup.serveArguments, home: setup.home, outputFolder: setup.temp.url)
        _ = try await daemon.waitForStatus("the queue idle") { s in s.derived.map { $0.pending == 0 && $0.working == nil } == true }

        let beside = setup.temp.path("beside")
        try FileManager.default.createDirectory(at: beside.appendingPathComponent("DCIM"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try Self.indexLast(width: 336), to: beside.appendingPathComponent("DCIM/BESIDE01.MP4"))
        let offload = try setup.recgate(["offload", "--volume", beside.path, "--device", "B000001"])
        #expect(offload.status == 0, "\(offload.stdout)\(offload.stderr)")

        let status = try await daemon.waitForStatus(seconds: 60, "the faststart copy made") { s in s.derived?.faststart_made == 1 }
        #expect(status.derived?.failed == 0)
        #expect(try daemon.terminate() == 0)
        let catalog = setup.home.appendingPathComponent("catalog.sqlite").path
        let linked = try runChecked("sqlite3", [catalog, """
            SELECT c.source_name FROM derived d JOIN clip c ON c.id = d.source_clip_id WHERE d.kind = 'faststart'
            """]).stdout
        #expect(linked.trimmingCharacters(in: .whitespacesAndNewlines) == "BESIDE01.MP4")
    }
}
