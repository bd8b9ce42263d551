import Compliance
import ComplianceCatalog
import Evidence
import Foundation
import GRDB

/// `recgate-bench clip-search`: the typical clip searches on a seeded home (`seed-clips`), in-process
/// through ``ClipFinder`` on one catalog opened read-only as the gateway opens it: by device and a day,
/// by officer, by an hour of time alone, the second page of a search by cursor, and one clip's record.
/// Each is run `--runs` times with random values (seeded); the median and 99th percentile are printed
/// against the targets (10 ms, 30 ms). The first search after opening (clock models built) is shown apart.
enum ClipSearchBenchmark: Benchmark {
    static let name = "clip-search"
    static let summary = "typical clip searches on a seeded home: median and p99 of each"

    static let medianTargetMS = 10.0
    static let p99TargetMS = 30.0

    static func run(arguments: [String]) throws {
        if arguments.contains("--help") {
            print("""
                usage: recgate-bench clip-search --home DIR [--runs 200] [--seed 7]

                Times searches on DIR/catalog.sqlite (fill one with `recgate-bench seed-clips`).
                """)
            return
        }
        let values = try parseOptions(arguments, known: ["home", "runs", "seed"], command: name)
        guard let home = values["home"] else { throw UsageError(description: "--home DIR is required") }
        let runs = try values["runs"].map {
            guard let n = Int($0), n > 0 else { throw UsageError(description: "--runs needs a positive number") }
            return n
        } ?? 200
        let seed = values["seed"].flatMap(UInt64.init) ?? 7
        let catalog = try Catalog(readingAt: URL(fileURLWithPath: home).appendingPathComponent("catalog.sqlite"))
        let desk = CaseDesk(catalog: catalog, catalogue: try StepCatalogue.load(override: nil),
                            policy: CheckPolicy(clock: ClockPolicy(zone: TimeZone(identifier: WallClock.zone)!)))
        let finder = ClipFinder(desk: desk)
        let world = try World(catalog: catalog, path: URL(fileURLWithPath: home).appendingPathComponent("catalog.sqlite"))
        print("\(world.clips) clips, \(world.devices.count) devices, \(world.officers.count) officers; \(runs) runs of each, seed \(seed)")

        let clock = ContinuousClock()
        func time(_ body: () throws -> [String]) rethrows -> (ms: Double, cpu: Double, ids: [String]) {
            let start = clock.now, cpu = threadCPUSeconds()
            let ids = try body()
            return (seconds(start.duration(to: clock.now)) * 1000, (threadCPUSeconds() - cpu) * 1000, ids)
        }
        var random = SeededRandom(seed: seed)
        let cold = try time { try finder.find(ClipQuery()).clips.map(\.clip.id) }
        print("first search after opening (clock models built): \(fixed(cold.ms, 1)) ms")
        let index = RecordedIndex()
        let built = try time { [String](repeating: "", count: try index.build(desk: desk)) }
        print("recorded-time index built (as `recgate serve` does in the background): \(built.ids.count) clips in "
              + "\(fixed(built.ms / 1000, 1)) s (\(fixed(built.cpu / 1000, 1)) s of CPU)")
        let indexed = ClipFinder(desk: desk, index: index)

        // Each search draws its values and does any untimed preparation, then returns the call to time.
        typealias Prepared = (ClipFinder) throws -> [String]
        let searches: [(String, (inout SeededRandom) throws -> Prepared)] = [
            ("device + one day", { r in
                let day = world.randomDay(&r), device = r.pick(world.devices)
                return { try $0.find(ClipQuery(device: device, from: day, to: day.addingTimeInterval(86_400))).clips.map(\.clip.id) }
            }),
            ("officer", { r in
                let officer = r.pick(world.officers)
                return { try $0.find(ClipQuery(officer: officer)).clips.map(\.clip.id) }
            }),
            ("one hour, all devices", { r in
                let from = try world.randomInstant(&r)
                return { try $0.find(ClipQuery(from: from, to: from.addingTimeInterval(3600))).clips.map(\.clip.id) }
            }),
            ("newest, page 2 by cursor", { r in
                // The first page is not timed: a client already has it, and its cursor.
                var query = ClipQuery(to: try world.randomInstant(&r))
                query.cursor = try finder.find(query).nextCursor
                return { finder in query.cursor == nil ? [] : try finder.find(query).clips.map(\.clip.id) }
            }),
            ("one clip's record", { r in
                let id = try world.randomClip(&r)
                return { try $0.dossier(id) == nil ? [] : [id] }
            }),
        ]
        print("search".padding(to: 26) + "finder".padding(to: 9) + "median ms".leftPadding(to: 10) + "p99 ms".leftPadding(to: 10)
              + "max ms".leftPadding(to: 10) + "CPU ms".leftPadding(to: 9) + "rows".leftPadding(to: 7)
              + "  target: median < \(Int(medianTargetMS)), p99 < \(Int(p99TargetMS))")
        var differences = 0
        for (label, prepare) in searches {
            var times: [[Double]] = [[], []], cpu: [Double] = [0, 0]
            var rows = 0
            for _ in 0..<runs {
                let call = try prepare(&random)
                // Both finders answer the same draw; the index must give the walk's answer.
                let walked = try time { try call(finder) }, fast = try time { try call(indexed) }
                if walked.ids != fast.ids {
                    differences += 1
                    if differences <= 3 { print("  \(label): the index found \(fast.ids.prefix(5)), the walk \(walked.ids.prefix(5))") }
                }
                for (n, t) in [walked, fast].enumerated() {
                    times[n].append(t.ms)
                    cpu[n] += t.cpu
                }
                rows += walked.ids.count
            }
            for (n, name) in ["walk", "index"].enumerated() {
                let sorted = times[n].sorted()
                let median = sorted[sorted.count / 2], p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
                let verdict = median < medianTargetMS && p99 < p99TargetMS ? "met" : "MISSED"
                print((n == 0 ? label : "").padding(to: 26) + name.padding(to: 9) + fixed(median, 2).leftPadding(to: 10)
                      + fixed(p99, 2).leftPadding(to: 10) + fixed(sorted.last!, 2).leftPadding(to: 10)
                      + fixed(cpu[n] / Double(runs), 2).leftPadding(to: 9) + String(rows / runs).leftPadding(to: 7) + "  \(verdict)")
            }
        }
        try OutputCheck.require(differences == 0, "the recorded-time index answered \(differences) search(es) unlike the window walk")
        print("every search: the index's answer is the walk's")
    }

    /// CPU time the calling thread has used: searches are timed by it too, since the wall clock counts
    /// whatever else the machine runs.
    static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    struct World {
        var devices: [String]
        var officers: [String]
        var clips: Int
        var first: Double
        var last: Double
        var shifts = 1
        /// Clip ids by rowid (the loader writes rowids 1…clips).
        let database: DatabaseQueue

        init(catalog: Catalog, path: URL) throws {
            var configuration = Configuration()
            configuration.readonly = true
            database = try DatabaseQueue(path: path.path, configuration: configuration)
            devices = try catalog.deviceSerials()
            officers = Array(Set(try catalog.custody(from: 0, to: Int64.max / 2).map(\.officer))).sorted()
            // True times from custody (device times reach back to 2000 on clocks that were reset).
            let span = try database.read { db in try Row.fetchOne(db, sql: "SELECT MIN(from_s), MAX(to_s) FROM custody") }
            guard let from: Int64 = span?[0], let to: Int64 = span?[1], !devices.isEmpty else {
                throw UsageError(description: "the catalog holds no custody: fill it with `recgate-bench seed-clips`")
            }
            first = Double(from)
            last = Double(to)
            shifts = try database.read { db in try Int.fetchOne(db, sql: "SELECT MAX(rowid) FROM custody") } ?? 1
            clips = try database.read { db in try Int.fetchOne(db, sql: "SELECT MAX(rowid) FROM clip") } ?? 0
        }

        /// A minute within a random shift (custody period): when recorders record.
        func randomInstant(_ r: inout SeededRandom) throws -> Date {
            let rowid = r.int(1...shifts)
            let shift = try database.read { db in try Row.fetchOne(db, sql: "SELECT from_s, to_s FROM custody WHERE rowid = ?", arguments: [rowid]) }
            guard let from: Double = shift?[0], let to: Double = shift?[1] else { return Date(timeIntervalSince1970: first) }
            return Date(timeIntervalSince1970: (r.uniform(from, to) / 60).rounded() * 60)
        }

        /// Midnight (China Standard Time) of a day in the catalog.
        func randomDay(_ r: inout SeededRandom) -> Date {
            let t = r.uniform(first, last)
            let offset = Double(WallClock.zoneOffset)
            return Date(timeIntervalSince1970: ((t + offset) / 86_400).rounded(.down) * 86_400 - offset)
        }

        func randomClip(_ r: inout SeededRandom) throws -> String {
            let rowid = r.int(1...clips)
            return try database.read { db in try String.fetchOne(db, sql: "SELECT id FROM clip WHERE rowid = ?", arguments: [rowid]) } ?? ""
        }
    }
}
