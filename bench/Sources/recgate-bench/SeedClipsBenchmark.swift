import Evidence
import Foundation
import GRDB

/// `recgate-bench seed-clips`: fills a new home's catalog with generated clips for the clip search
/// benchmark (and for trying the dashboard on a catalog of realistic size). The world is the case
/// benchmark's (``CaseWorld``: recorders on shifts, back-to-back segments, custody, daily dock readings
/// with drift, weekly sets and a few clock resets), scaled to about one device per 2,000 clips; rows go
/// in through ``CatalogLoader`` with the audit entries, sightings and releases the real path writes, in
/// batched transactions. The store holds no objects: `recgate verify` will say every clip is missing,
/// `recgate audit verify` passes.
enum SeedClipsBenchmark: Benchmark {
    static let name = "seed-clips"
    static let summary = "fill a new home's catalog with N generated clips (for clip-search)"

    static func run(arguments: [String]) throws {
        if arguments.contains("--help") {
            print("""
                usage: recgate-bench seed-clips --home DIR --count N [--devices D] [--seed 12]

                Creates DIR/catalog.sqlite (refused when the home already has one) with N clips from D devices
                (default N/2000, at least 2), their custody, clock readings, sightings and audit entries.
                """)
            return
        }
        let values = try parseOptions(arguments, known: ["home", "count", "devices", "seed"], command: name)
        guard let home = values["home"] else { throw UsageError(description: "--home DIR is required") }
        guard let count = values["count"].flatMap(Int.init), count > 0, count <= 50_000_000 else {
            throw UsageError(description: "--count needs a number of clips from 1 to 50,000,000")
        }
        let devices = try values["devices"].map {
            guard let d = Int($0), d >= 2, d <= 100_000 else { throw UsageError(description: "--devices needs a number from 2 to 100,000") }
            return d
        } ?? max(2, count / 2000)
        let seed: UInt64 = try values["seed"].map { (text: String) throws -> UInt64 in
            guard let s = UInt64(text) else { throw UsageError(description: "--seed needs a whole number") }
            return s
        } ?? 12
        let folder = URL(fileURLWithPath: home)
        let path = folder.appendingPathComponent("catalog.sqlite")
        // Never over a catalog that exists: it may hold evidence.
        guard !FileManager.default.fileExists(atPath: path.path) else {
            throw UsageError(description: "\(path.path) exists; seed-clips only fills a new home")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try fill(path: path, clips: count, devices: devices, seed: seed) { print($0); fflush(nil) }
        print("seeded \(result.clips) clips from \(devices) devices over \(result.days) days in \(fixed(result.seconds, 1)) s; "
              + "\(result.entries) audit entries; audit verify: \(result.audit) (\(fixed(result.verifySeconds, 1)) s)")
    }

    struct Result {
        var clips: Int
        var days: Int
        var seconds: Double
        var entries: Int
        var audit: String
        var verifySeconds: Double
    }

    static func fill(path: URL, clips: Int, devices: Int, seed: UInt64, log: (String) -> Void) throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let now = Date(timeIntervalSince1970: WallClock.midnight(day: 0))
        do { _ = try Catalog(path: path) }  // the real schema and the audit anchor

        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // A generated catalog: no fsync per commit, and a cache the size of the data.
            try db.execute(sql: "PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY")
        }
        let cameras = max(1, devices / 50)
        var world = CaseWorld(seed: seed, recorders: devices - cameras, cameras: cameras, officers: devices)
        let queue = try DatabaseQueue(path: path.path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            // Secondary indexes are built after the rows (from their own SQL: the migrations' indexes):
            // sorting once beats millions of random index inserts.
            let indexes = try Row.fetchAll(db, sql: """
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND sql IS NOT NULL
                  AND tbl_name IN ('clip', 'clip_media', 'clip_time', 'sighting', 'audit')
                """).map { ($0["name"] as String, $0["sql"] as String) }
            for (name, _) in indexes { try db.execute(sql: "DROP INDEX \(name)") }
            let loader = try CatalogLoader(db, at: now, audited: CatalogLoader.Audited(commitEvery: 50_000))
            try world.generate(clips: clips, into: loader)
            log("  \(world.counts.clips) clips written, building indexes (\(fixed(seconds(start.duration(to: clock.now)), 1)) s)")
            for (_, sql) in indexes { try db.execute(sql: sql) }
            try db.execute(sql: "COMMIT")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try queue.close()

        // The last entry through the catalog itself, which moves the audit anchor to the log's head.
        let catalog = try Catalog(path: path)
        let detail = #"{"clips":\#(world.counts.clips),"devices":\#(devices),"seed":\#(seed)}"#
        let last = try catalog.appendAudit(actor: "recgate-bench", action: "bench.seed", object: "catalog", digest: "", detail: detail,
                                           at: now)
        let loadSeconds = seconds(start.duration(to: clock.now))
        let verifyStart = clock.now
        let verification = try catalog.verifyAudit()
        let audit = verification.isIntact ? "intact" : "\(verification)"
        return Result(clips: world.counts.clips, days: world.days, seconds: loadSeconds, entries: last.seq, audit: audit,
                      verifySeconds: seconds(verifyStart.duration(to: clock.now)))
    }
}
