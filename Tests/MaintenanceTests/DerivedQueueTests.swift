import Evidence
import Foundation
import Gateway
import Media
import Offload
import Presentation
import Testing
import TestSupport

/// The derived-media queue on a home filled by a real offload: the right file per clip, catalogued,
/// linked, audited, outside the store; work found again after a restart; the worker at idle priority.
@Suite struct DerivedQueueTests {
    static func recordings() throws -> [String: URL] {
        ["LAST0001.MP4": try MaintenanceFixtures.indexLast(), "FRST0002.MP4": try MaintenanceFixtures.indexFirst(),
         "HEVC0003" + (try MaintenanceFixtures.unplayable().pathExtension == "avi" ? ".AVI" : ".MP4"):
            try MaintenanceFixtures.unplayable()]
    }

    /// Runs a queue over the home until it has nothing left, and returns its status.
    static func drain(_ home: OffloadedHome, policy: ProxyPolicy? = nil) throws -> DerivedQueueStatus {
        let queue = try DerivedQueue(gateway: home.gateway, policy: policy)
        queue.start()
        queue.waitUntilIdle()
        queue.stop()
        return queue.status
    }

    @Test func makesTheRightFileForEachClipCataloguedAndAudited() throws {
        var recordings = try Self.recordings()
        recordings["MJPG0004.AVI"] = try MaintenanceFixtures.mjpegAVI()
        let home = try OffloadedHome(recordings, configuration: #"{"proxy_policy": "all"}"#)
        let status = try Self.drain(home)
        let proxies = Set(home.stored.values).count - 2
        #expect(status.faststart_made == 1 && status.proxies_made == proxies && status.not_needed == 1 && status.failed == 0,
                "\(status)")
        #expect(status.policy == "all" && status.pending == 0 && status.working == nil)

        let catalog = try home.home.openCatalogForReading(try home.gateway.configuration())
        let store = home.home.storeURL.standardizedFileURL.path
        var kinds: [String: String] = [:]
        for (name, sha256) in home.stored {
            let clip = try #require(try catalog.clip(sha256: sha256))
            let derived = try catalog.derived(clipID: clip.id)
            #expect(derived.count <= 1, "\(name): \(derived)")
            guard let row = derived.first else { continue }
            kinds[name] = row.kind
            // Outside the store, where the queue puts it, with the bytes the row says (openssl).
            #expect(row.path.hasPrefix(home.home.root.appendingPathComponent("derived/\(row.kind)/").path))
            #expect(!row.path.hasPrefix(store + "/"))
            #expect(try MaintenanceFixtures.sha256(row.path) == row.sha256)
            #expect(row.sha256 != sha256, "a derived file is not its source")
            // Audited with its source.
            let entries = try catalog.auditEntries(object: "derived:\(row.id)")
            #expect(entries.map(\.action) == ["derived.made"] && entries.first?.digest == row.sha256)
            #expect(entries.first?.detail.contains(sha256) == true)
        }
        #expect(kinds.count == 1 + proxies, "\(kinds)")
        #expect(kinds["LAST0001.MP4"] == "faststart")
        #expect(kinds.first { $0.key.hasPrefix("HEVC") }?.value == "proxy")
        #expect(kinds["MJPG0004.AVI"] == "proxy")

        // The faststart copy has its index first, the proxy is H.264/AAC (ffprobe).
        for (name, kind) in kinds {
            let clip = try #require(try catalog.clip(sha256: home.stored[name]!))
            let path = try #require(try catalog.derived(clipID: clip.id).first).path
            let codecs = try runChecked("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", path])
                .stdout.split(separator: "\n").map(String.init)
            #expect(codecs.first == "h264", "\(kind): \(codecs)")
            let trace = try runChecked("ffprobe", ["-v", "trace", path]).stderr
            let moov = try #require(trace.range(of: "type:'moov'"))
            let mdat = try #require(trace.range(of: "type:'mdat'"))
            #expect(moov.lowerBound < mdat.lowerBound, "\(kind): index first")
        }

        // The store still verifies (derived files are not objects), and so does the audit chain.
        let verify = try home.recgate(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let audit = try home.recgate(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
    }

    @Test func underTheDefaultPolicyOnlyFaststartCopiesAreMade() throws {
        let home = try OffloadedHome(try Self.recordings())
        let status = try Self.drain(home)
        #expect(status.policy == "faststart")
        #expect(status.faststart_made == 1 && status.proxies_made == 0 && status.not_needed == 2, "\(status)")
        let none = try Self.drain(try OffloadedHome(try Self.recordings(), configuration: #"{"proxy_policy": "none"}"#))
        #expect(none.faststart_made == 0 && none.proxies_made == 0 && none.not_needed == 0, "\(none)")
    }

    @Test func aRestartFindsThePendingWorkInTheCatalog() throws {
        let home = try OffloadedHome(try Self.recordings())
        // A first run under `faststart` makes the faststart copy only.
        let first = try Self.drain(home, policy: .faststart)
        #expect(first.faststart_made == 1 && first.proxies_made == 0)
        // A run stopped mid-work left a half-written file, and another published but never catalogued.
        let hevc = try #require(home.stored.first { $0.key.hasPrefix("HEVC") }?.value)
        let folder = home.home.root.appendingPathComponent("derived/proxy/\(hevc.prefix(2))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let partial = folder.appendingPathComponent(".\(hevc).mp4.partial-1234")
        try Data("half".utf8).write(to: partial)
        let stale = folder.appendingPathComponent("\(hevc).mp4")
        try Data("stale".utf8).write(to: stale)

        // The next process, under `all`, finds the clip still without a derived file from the catalog.
        let second = try Self.drain(home, policy: .all)
        #expect(second.proxies_made == 1 && second.faststart_made == 0 && second.failed == 0, "\(second)")
        #expect(!FileManager.default.fileExists(atPath: partial.path))
        let catalog = try home.home.openCatalogForReading(try home.gateway.configuration())
        let clip = try #require(try catalog.clip(sha256: hevc))
        let row = try #require(try catalog.derived(clipID: clip.id).first)
        #expect(row.path == stale.path && row.kind == "proxy")
        #expect(try MaintenanceFixtures.sha256(stale.path) == row.sha256)

        // A third finds nothing left to make.
        let third = try Self.drain(home, policy: .all)
        #expect(third.proxies_made == 0 && third.faststart_made == 0, "\(third)")
    }

    /// The queue and `recgate derive` share one operation: a recording cut off before its index is
    /// recovered with a healthy clip of its device and proxied, by the daemon too.
    @Test func aTruncatedClipIsRecoveredThenProxied() throws {
        let folder = try TempDirectory()
        let home = try OffloadedHome(["LAST0001.MP4": try MaintenanceFixtures.indexLast(),
                                      "CUT_0002.MP4": try MaintenanceFixtures.truncated(in: folder.url)],
                                     configuration: #"{"proxy_policy": "all"}"#)
        let status = try Self.drain(home)
        #expect(status.faststart_made == 1 && status.proxies_made == 1 && status.failed == 0, "\(status)")
        let catalog = try home.home.openCatalogForReading(try home.gateway.configuration())
        let cutSHA256 = try #require(home.stored["CUT_0002.MP4"])
        let cut = try #require(try catalog.clip(sha256: cutSHA256))
        let row = try #require(try catalog.derived(clipID: cut.id).first)
        #expect(row.kind == "proxy" && row.recipe.hasPrefix("recovered (reference \(home.stored["LAST0001.MP4"]!)"), "\(row.recipe)")
        #expect(try MaintenanceFixtures.sha256(row.path) == row.sha256)
    }

    @Test func aClipHandedInIsWorkedOn() throws {
        let home = try OffloadedHome(["LAST0001.MP4": try MaintenanceFixtures.indexLast()])
        let queue = try DerivedQueue(gateway: home.gateway, policy: .faststart)
        queue.start()
        queue.waitUntilIdle()
        #expect(queue.status.faststart_made == 1)
        // Handed in again (the daemon submits every stored clip): already looked at, nothing more.
        queue.submit(sha256: home.stored["LAST0001.MP4"]!)
        queue.waitUntilIdle()
        queue.stop()
        #expect(queue.status.faststart_made == 1 && queue.status.not_needed == 0)
    }

    /// With as many offloads running as there are cores, the queue starts nothing, not even its scan of
    /// the catalog; once one ends and leaves a core, it does the work.
    @Test func noCoreLeftByOffloadsStartsNoClip() throws {
        let home = try OffloadedHome(["LAST0003.MP4": try MaintenanceFixtures.indexLast()])
        let queue = try DerivedQueue(gateway: home.gateway, policy: .faststart)
        queue.offloadsRunning(ProxySettings.availableCores)
        queue.start()
        queue.waitUntilParked()
        let held = queue.status
        #expect(held.held && held.working == nil && held.faststart_made == 0 && held.pending == 0)
        queue.offloadsRunning(ProxySettings.availableCores - 1)
        queue.waitUntilIdle()
        queue.stop()
        #expect(queue.status.faststart_made == 1 && !queue.status.held)
    }

    /// The worker thread as the kernel sees it: policy SCHED_IDLE (5) and nice 19 in
    /// /proc/self/task/TID/stat, I/O class idle as `ionice` reads it.
    @Test func theWorkerRunsAtIdlePriority() throws {
        let home = try OffloadedHome(["FRST0002.MP4": try MaintenanceFixtures.indexFirst()])
        let queue = try DerivedQueue(gateway: home.gateway, policy: .all)
        queue.start()
        queue.waitUntilIdle()
        defer { queue.stop() }
        let worker = queue.worker
        #expect(worker.priorityProblem == nil)
        let tid = try #require(worker.threadID)
        #expect(tid != Int32(getpid()))
        let stat = try String(contentsOfFile: "/proc/self/task/\(tid)/stat", encoding: .utf8)
        // Fields after the command name (which is in parentheses and may hold spaces): state is field 3.
        let fields = stat[stat.index(after: try #require(stat.lastIndex(of: ")")))...].split(separator: " ")
        let nice = fields[19 - 3]
        let policy = fields[41 - 3]
        #expect(nice == "19", "\(stat)")
        #expect(policy == "5", "SCHED_IDLE: \(stat)")
        let ionice = try runChecked("ionice", ["-p", "\(tid)"]).stdout
        #expect(ionice.trimmingCharacters(in: .whitespacesAndNewlines) == "idle", "\(ionice)")
        // The test's own thread is untouched.
        let own = try String(contentsOfFile: "/proc/thread-self/stat", encoding: .utf8)
        let ownFields = own[own.index(after: own.lastIndex(of: ")")!)...].split(separator: " ")
        #expect(ownFields[41 - 3] == "0")
    }
}
