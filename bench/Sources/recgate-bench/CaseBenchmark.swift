import Compliance
import ComplianceCatalog
import Evidence
import Foundation
import Synchronization

/// Issue 5's scale benchmark: 10,000 cases of 10 steps against catalogs of 100,000, 300,000 and
/// 1,000,000 clips. Times one case (`CaseDesk.check(caseID:)` on a catalog opened the normal way) and
/// the check of every case, on one thread and on every core, and compares the growth from the smallest
/// catalog to the largest with what n log n and linear growth would give.
enum CaseBenchmark: Benchmark {
    static let name = "cases"
    static let summary = "case checks against generated catalogs (one case, all cases, growth with clips)"

    static let singleTargetMS = 50.0
    static let fullTargetS = 60.0

    struct Options {
        var clips = [100_000, 300_000, 1_000_000]
        var cases = 10_000
        var steps = 10
        var seed: UInt64 = 5
        var samples = 200
        var workers = ProcessInfo.processInfo.activeProcessorCount
        var cache = URL(fileURLWithPath: ".build/bench-cache")
        /// Check only the first this many cases in the full checks (profiling); nil: all.
        var limit: Int?
        /// Only time the phases of this many cases' checks (no full checks).
        var phases: Int?
        /// Cases checked again on in-memory sources, at the smallest catalog (0: none).
        var reference = 200
    }

    static func run(arguments: [String]) throws {
        if arguments.contains("--help") {
            print("""
                usage: recgate-bench cases [--clips 100000,300000,1000000] [--cases 10000] [--steps 10] [--seed 5]
                                           [--samples 200] [--workers N] [--cache .build/bench-cache] [--limit N]
                                           [--phases N] [--reference 200]

                Generates (once per seed and size, kept in the cache folder) a catalog of body-recorder clips,
                custody and clock readings, imports the cases, and times case checks.
                """)
            return
        }
        let values = try parseOptions(arguments, known: ["clips", "cases", "steps", "seed", "samples", "workers", "cache", "limit", "phases", "reference"], command: name)
        var options = Options()
        func number(_ key: String) throws -> Int? {
            guard let text = values[key] else { return nil }
            guard let value = Int(text), value > 0 else { throw UsageError(description: "--\(key) needs a positive number") }
            return value
        }
        if let text = values["clips"] {
            options.clips = try text.split(separator: ",").map {
                guard let value = Int($0), value > 0 else { throw UsageError(description: "--clips needs numbers, e.g. 100000,1000000") }
                return value
            }
        }
        options.cases = try number("cases") ?? options.cases
        options.steps = try number("steps") ?? options.steps
        options.seed = try number("seed").map(UInt64.init) ?? options.seed
        options.samples = try number("samples") ?? options.samples
        options.workers = try number("workers") ?? options.workers
        if let cache = values["cache"] { options.cache = URL(fileURLWithPath: cache) }
        options.limit = try number("limit")
        options.phases = try number("phases")
        if values["reference"] == "0" { options.reference = 0 } else { options.reference = try number("reference") ?? options.reference }

        print("\(options.cases) cases of \(options.steps) steps; \(CaseWorld.bodyRecorders) body recorders, "
              + "\(CaseWorld.fixedCameras) interview-room cameras, \(CaseWorld.officerCount) officers; seed \(options.seed)")
        print("catalogs bulk-loaded (device, offload_session, clip, clip_media, clip_time, custody, clock_observation in one "
              + "transaction, no per-row audit entries or sightings); cases through Catalog.importCases")
        var rows: [Row] = []
        var reference: (clips: Int, outcome: CaseReference.Outcome)?
        for clips in options.clips {
            let shape = BenchCatalog.Shape(seed: options.seed, clips: clips, cases: options.cases, stepsPerCase: options.steps)
            let catalog = try BenchCatalog.prepare(shape, in: options.cache) { print($0); fflush(nil) }
            if let count = options.phases {
                try CasePhases.report(catalog: try Catalog(path: catalog.path), clips: clips, count: count)
                continue
            }
            rows.append(try measure(catalog, options: options))
            if options.reference > 0, clips == options.clips.min() {
                let opened = try Catalog(path: catalog.path)
                let desk = CaseDesk(catalog: opened, catalogue: try StepCatalogue.builtin())
                var random = SeededRandom(seed: options.seed, stream: 4, index: clips)
                let all = try opened.caseIDs()
                let ids = (0..<options.reference).map { _ in all[random.int(0...(all.count - 1))] }
                reference = (clips, try CaseReference.compare(catalog: opened, desk: desk, ids: ids, seed: options.seed))
            }
            print(rows.last!.line)
            fflush(nil)  // progress as it comes, also into a file
        }
        if !rows.isEmpty { report(rows, options: options) }
        if let (clips, outcome) = reference {
            print("same results as the in-memory reference (every clip, custody period and reading loaded in "
                  + "\(fixed(outcome.loadSeconds, 1)) s; clips placed by ClipFacts.deviceSpan): \(outcome.compared) random cases at "
                  + "\(clips) clips, \(outcome.differing.isEmpty ? "all equal" : "differing: " + outcome.differing.prefix(10).joined(separator: ", ")): "
                  + verdict(outcome.differing.isEmpty))
        }
    }

    struct Row {
        var clips: Int
        var build: BenchCatalog.Build
        var cached: Bool
        /// The first check after opening the catalog (empty caches, as `recgate case check` runs it).
        var firstCheck: Double
        var singleMedian: Double
        var singleP95: Double
        var fullSequential: Double
        var fullParallel: Double
        /// CPU time of the process during each (what the check costs, whatever else the cores are doing).
        var fullSequentialCPU: Double
        var fullParallelCPU: Double
        /// The machine's 1-minute load average before the checks (other builds share the cores).
        var load: String
        var workers: Int
        var tally: Tally
        var cases: Int

        static let header = "    clips  days   size  build (load + cases)  one case: median        p95  all cases: 1 thread (cpu)  "
            + "per case  %d threads (cpu)  per case  load"

        var line: String {
            let build = "\(fixed(self.build.loadSeconds + self.build.caseSeconds, 0)) s (\(fixed(self.build.loadSeconds, 0)) + "
                + "\(fixed(self.build.caseSeconds, 0)))\(cached ? "*" : "")"
            return "\(String(clips).leftPadding(to: 9))  \(String(self.build.days).leftPadding(to: 4))  "
                + "\((String(self.build.bytes / 1_000_000) + " MB").leftPadding(to: 7))  \(build.padding(to: 20))  "
                + "\((fixed(singleMedian * 1000, 2) + " ms").leftPadding(to: 16))  \((fixed(singleP95 * 1000, 2) + " ms").leftPadding(to: 9))  "
                + "\((fixed(fullSequential, 1) + " s (" + fixed(fullSequentialCPU, 1) + ")").leftPadding(to: 25))  "
                + "\((fixed(fullSequential / Double(cases) * 1000, 2) + " ms").leftPadding(to: 8))  "
                + "\((fixed(fullParallel, 1) + " s (" + fixed(fullParallelCPU, 1) + ")").leftPadding(to: 19))  "
                + "\((fixed(fullParallel / Double(cases) * 1000, 2) + " ms").leftPadding(to: 8))  \(load)"
        }
    }

    /// What the checks found, to show they did real work.
    struct Tally: Sendable {
        var findings: [FindingKind: Int] = [:]
        var recordedSteps = 0
        var matchedSteps = 0
        var matchedClips = 0
        var casesWithFindings = 0

        mutating func add(_ check: CaseCheck) {
            for finding in check.findings { findings[finding.kind, default: 0] += 1 }
            casesWithFindings += check.findings.isEmpty ? 0 : 1
            for step in check.steps where step.recording.needsRecording {
                recordedSteps += 1
                matchedSteps += step.clips.isEmpty ? 0 : 1
                matchedClips += step.clips.count
            }
        }

        mutating func add(_ other: Tally) {
            for (kind, count) in other.findings { findings[kind, default: 0] += count }
            recordedSteps += other.recordedSteps
            matchedSteps += other.matchedSteps
            matchedClips += other.matchedClips
            casesWithFindings += other.casesWithFindings
        }
    }

    static func measure(_ bench: BenchCatalog, options: Options) throws -> Row {
        let clock = ContinuousClock()
        let catalog = try Catalog(path: bench.path)
        let desk = CaseDesk(catalog: catalog, catalogue: try StepCatalogue.builtin())
        let ids = Array(try catalog.caseIDs().prefix(options.limit ?? Int.max))
        guard !ids.isEmpty else { throw UsageError(description: "the catalog has no cases") }
        var random = SeededRandom(seed: options.seed, stream: 3, index: bench.build.shape.clips)
        let first = clock.now
        blackHole(try desk.check(caseID: ids[random.int(0...(ids.count - 1))]))
        let firstCheck = seconds(first.duration(to: clock.now))

        // Every case, one after another (this also brings the catalog into the page cache).
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
        var tally = Tally()
        var start = clock.now
        var cpu = processCPUTime()
        for id in ids {
            guard let check = try desk.check(caseID: id) else { throw UsageError(description: "case \(id) not found") }
            tally.add(check)
        }
        let sequential = seconds(start.duration(to: clock.now))
        let sequentialCPU = processCPUTime() - cpu
        guard tally.findings.values.reduce(0, +) > 0 else { throw UsageError(description: "no case has any finding: the check did no work") }
        guard tally.matchedSteps > 0 else { throw UsageError(description: "no step matched any clip: the data and the cases do not meet") }

        // One case at a time, cases drawn at random.
        var times: [Double] = []
        for _ in 0..<options.samples {
            let id = ids[random.int(0...(ids.count - 1))]
            start = clock.now
            blackHole(try desk.check(caseID: id))
            times.append(seconds(start.duration(to: clock.now)))
        }
        times.sort()

        // Every case again, spread over the cores (the desk and the catalog are Sendable).
        let workers = options.workers
        let parallelTally = Mutex(Tally())
        let failure = Mutex<(any Error)?>(nil)
        start = clock.now
        cpu = processCPUTime()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var mine = Tally()
            do {
                for i in stride(from: worker, to: ids.count, by: workers) {
                    if let check = try desk.check(caseID: ids[i]) { mine.add(check) }
                }
            } catch {
                failure.withLock { $0 = error }
            }
            parallelTally.withLock { $0.add(mine) }
        }
        let parallel = seconds(start.duration(to: clock.now))
        let parallelCPU = processCPUTime() - cpu
        if let error = failure.withLock({ $0 }) { throw error }
        guard parallelTally.withLock({ $0.findings }) == tally.findings else {
            throw UsageError(description: "the parallel check found other findings than the sequential one")
        }

        return Row(clips: bench.build.shape.clips, build: bench.build, cached: !bench.built, firstCheck: firstCheck, singleMedian: times[times.count / 2],
                   singleP95: times[Int((Double(times.count - 1) * 0.95).rounded())], fullSequential: sequential, fullParallel: parallel,
                   fullSequentialCPU: sequentialCPU, fullParallelCPU: parallelCPU, load: load,
                   workers: workers, tally: tally, cases: ids.count)
    }

    static func verdict(_ pass: Bool) -> String { pass ? "PASS" : "FAIL" }

    static func report(_ rows: [Row], options: Options) {
        guard let largest = rows.max(by: { $0.clips < $1.clips }), let smallest = rows.min(by: { $0.clips < $1.clips }) else { return }
        print()
        print(String(format: Row.header, options.workers))
        for row in rows.sorted(by: { $0.clips < $1.clips }) { print(row.line) }
        if rows.contains(where: \.cached) { print("(* catalog from the cache: build time of the run that made it)") }
        print()
        let n = Double(largest.clips), m = Double(smallest.clips)
        if largest.clips > smallest.clips {
            let nLogN = n * log(n) / (m * log(m))
            let linear = n / m
            let growth = largest.fullSequential / smallest.fullSequential
            let growthParallel = largest.fullParallel / smallest.fullParallel
            let growthSingle = largest.singleMedian / smallest.singleMedian
            print("growth \(smallest.clips) → \(largest.clips) clips: all cases ×\(fixed(growth, 2)) (1 thread), "
                  + "×\(fixed(growthParallel, 2)) (\(options.workers) threads), one case ×\(fixed(growthSingle, 2)); "
                  + "n log n would allow ×\(fixed(nLogN, 1)), linear is ×\(fixed(linear, 1)): \(verdict(max(growth, growthParallel) <= nLogN))")
        }
        print("first check after opening the catalog: " + rows.sorted { $0.clips < $1.clips }
            .map { "\(fixed($0.firstCheck * 1000, 1)) ms at \($0.clips) clips" }.joined(separator: ", "))
        print("one case at \(largest.clips) clips: median \(fixed(largest.singleMedian * 1000, 2)) ms (target < \(Int(singleTargetMS)) ms): "
              + "\(verdict(largest.singleMedian * 1000 < singleTargetMS)); p95 \(fixed(largest.singleP95 * 1000, 2)) ms: "
              + verdict(largest.singleP95 * 1000 < singleTargetMS))
        print("all \(largest.cases) cases at \(largest.clips) clips: \(fixed(largest.fullSequential, 1)) s on 1 thread "
              + "(target < \(Int(fullTargetS)) s): \(verdict(largest.fullSequential < fullTargetS)); "
              + "\(fixed(largest.fullParallel, 1)) s on \(options.workers) threads: \(verdict(largest.fullParallel < fullTargetS))")
        for row in rows.sorted(by: { $0.clips < $1.clips }) {
            let t = row.tally
            let kinds = FindingKind.allCases.map { "\($0.rawValue) \(t.findings[$0] ?? 0)" }.joined(separator: ", ")
            print("findings at \(row.clips) clips: \(kinds); recorded steps \(t.recordedSteps), matched \(t.matchedSteps) "
                  + "(\(fixed(Double(t.matchedSteps) / Double(max(1, t.recordedSteps)) * 100, 1)) %), clips matched \(t.matchedClips), "
                  + "cases with findings \(t.casesWithFindings)")
        }
    }
}

/// CPU time the whole process has used so far, in seconds.
func processCPUTime() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
