import Compliance
import ComplianceCatalog
import Evidence
import Foundation
import GRDB

/// A generated catalog for the `cases` benchmark, built once per seed and size and kept under the
/// cache folder (its name says the seed and sizes), so later runs only check.
struct BenchCatalog {
    /// Bump when the generator changes what it writes: cached catalogs of another version are rebuilt.
    static let generatorVersion = 2

    struct Shape: Codable, Hashable {
        var seed: UInt64
        var clips: Int
        var cases: Int
        var stepsPerCase: Int

        var fileName: String { "cases-g\(BenchCatalog.generatorVersion)-seed\(seed)-clips\(clips)-cases\(cases)x\(stepsPerCase).sqlite" }
    }

    /// What building it took and made (kept next to the catalog as JSON).
    struct Build: Codable {
        var shape: Shape
        var days: Int
        var counts: CaseWorld.Counts
        /// Generating and writing the clips, custody and clock readings (one transaction), seconds.
        var loadSeconds: Double
        /// Generating the cases and importing them through `Catalog.importCases`, seconds.
        var caseSeconds: Double
        var bytes: Int64
    }

    let path: URL
    let build: Build
    /// False when the catalog was found in the cache.
    let built: Bool

    static func prepare(_ shape: Shape, in folder: URL, log: (String) -> Void) throws -> BenchCatalog {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(shape.fileName)
        let metadata = path.appendingPathExtension("json")
        if let data = try? Data(contentsOf: metadata), let build = try? JSONDecoder().decode(Build.self, from: data),
           build.shape == shape, FileManager.default.fileExists(atPath: path.path) {
            return BenchCatalog(path: path, build: build, built: false)
        }
        for suffix in ["", "-wal", "-shm", ".audit_head", ".json"] {
            try? FileManager.default.removeItem(atPath: path.path + suffix)
        }
        let build = try make(shape, at: path, log: log)
        try JSONEncoder().encode(build).write(to: metadata)
        return BenchCatalog(path: path, build: build, built: true)
    }

    private static func make(_ shape: Shape, at path: URL, log: (String) -> Void) throws -> Build {
        let clock = ContinuousClock()
        let now = Date(timeIntervalSince1970: WallClock.midnight(day: 0))
        // The real schema: every migration, as a gateway's catalog has it.
        do { _ = try Catalog(path: path) }

        log("generating \(shape.clips) clips (seed \(shape.seed)) into \(path.lastPathComponent)")
        let loadStart = clock.now
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // A benchmark catalog can be rebuilt: no fsync per commit, and a cache the size of the data.
            try db.execute(sql: "PRAGMA synchronous = OFF; PRAGMA cache_size = -2000000; PRAGMA temp_store = MEMORY")
        }
        let queue = try DatabaseQueue(path: path.path, configuration: configuration)
        var world = CaseWorld(seed: shape.seed)
        var first: ClipRow?
        try queue.write { db in
            // The clip tables' secondary indexes are built after the rows are in (from their own SQL, so
            // they are the migrations' indexes): sorting once beats a million random index inserts.
            let indexes = try Row.fetchAll(db, sql: """
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('clip', 'clip_media', 'clip_time')
                """).map { ($0["name"] as String, $0["sql"] as String) }
            for (name, _) in indexes { try db.execute(sql: "DROP INDEX \(name)") }
            let loader = try CatalogLoader(db, at: now)
            try world.generate(clips: shape.clips, into: loader)
            first = loader.firstClip
            for (_, sql) in indexes { try db.execute(sql: sql) }
        }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        let loadSeconds = seconds(loadStart.duration(to: clock.now))
        log("  \(world.counts.clips) clips over \(world.days) days, \(world.counts.custody) custody periods, "
            + "\(world.counts.observations) clock readings: \(fixed(loadSeconds, 1)) s")

        // Cases go in the way `recgate case import` puts them: parsed records, one transaction, audited.
        let caseStart = clock.now
        let catalog = try Catalog(path: path)
        let records = CaseWorkload.make(world: world, count: shape.cases, stepsPerCase: shape.stepsPerCase, seed: shape.seed)
        _ = try catalog.importCases(try records.map(NewCase.init), source: "bench-cases.json", actor: "recgate-bench", at: now)
        let caseSeconds = seconds(caseStart.duration(to: clock.now))
        log("  \(records.count) cases of \(shape.stepsPerCase) steps imported: \(fixed(caseSeconds, 1)) s")

        // The catalog reads back what the loader wrote (the text forms of times are the catalog's own).
        if let first {
            let serial = world.devices.first { $0.id == first.deviceID }!.serial
            let start = Int64(first.nameStart!.timeIntervalSince1970)
            let found = try catalog.clipFacts(deviceSerials: [serial], from: start, to: start).first { $0.clip.id == first.id }
            guard found?.clip == first else {
                throw UsageError(description: "the catalog reads back \(String(describing: found?.clip)), not \(first)")
            }
        }
        var detail = "{\"clips\":\(world.counts.clips),\"days\":\(world.days),\"seed\":\(shape.seed),"
        detail += "\"note\":\"bulk-loaded by recgate-bench without per-row audit entries\"}"
        _ = try catalog.appendAudit(actor: "recgate-bench", action: "bench.load", object: "catalog", digest: "", detail: detail, at: now)

        let bytes = (try? FileManager.default.attributesOfItem(atPath: path.path)[.size] as? Int64) ?? 0
        return Build(shape: shape, days: world.days, counts: world.counts, loadSeconds: loadSeconds, caseSeconds: caseSeconds,
                     bytes: bytes)
    }
}

func seconds(_ duration: Duration) -> Double {
    let (s, attoseconds) = duration.components
    return Double(s) + Double(attoseconds) * 1e-18
}
