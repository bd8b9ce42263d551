import Evidence
import Foundation
import Logging
import Offload
import Presentation

/// The store re-hashed against the catalog on a schedule (`reverify_interval_hours`, 0 = never), its
/// reads held to `reverify_rate_mb_s` by a token bucket (``ReadPacer``) on one thread at idle priority,
/// so offloads keep the disk. Each run is audited (`store.reverified`, with its counts), each problem
/// logged as an error, and the last run kept for the status document.
///
/// A run is due one interval after the last `store.reverified` entry of the audit log; a store never
/// re-verified is due at once. So a restart neither repeats a run nor skips one.
public final class StoreReverification: @unchecked Sendable {
    // Sendable proof: every `var` is read and written only under `condition`'s lock; the `let`s are
    // immutable and Sendable.

    /// `reverify_interval_hours` when not configured: a week.
    public static let defaultIntervalHours = 168
    /// `reverify_rate_mb_s` when not configured.
    public static let defaultRateMBs = 50
    /// The audit action of a run.
    public static let action = "store.reverified"

    public let gateway: Gateway
    public let intervalHours: Int
    public let rateMBs: Int
    private let clock: any PacingClock
    private let logger: Logger
    private let condition = NSCondition()
    private var last: ReverificationRun?
    /// When the last run ended (for the schedule), as a date.
    private var lastEnded: Date?
    private var running = false
    private var runs = 0
    private var nextDue: Date?
    private var stopping = false
    private var thread: IdleThread?

    /// The schedule of `gateway`'s home (`reverify_interval_hours`, `reverify_rate_mb_s`); `clock` paces
    /// the reads (a test gives one that only moves when slept on).
    public init(gateway: Gateway, clock: any PacingClock = MonotonicClock(),
                logger: Logger = Logger(label: "recgate.reverify")) throws {
        let configuration = try gateway.configuration()
        self.gateway = gateway
        self.intervalHours = configuration.reverifyIntervalHours ?? Self.defaultIntervalHours
        self.rateMBs = configuration.reverifyRateMBs ?? Self.defaultRateMBs
        self.clock = clock
        self.logger = logger
    }

    /// The schedule and the last run, for the status document.
    public var status: ReverificationStatus {
        condition.withLock {
            ReverificationStatus(intervalHours: intervalHours, rateMBs: rateMBs, running: running, nextDue: nextDue, last: last)
        }
    }

    /// When the next run is due: one interval after the last audited run, now when there was none;
    /// nil when the schedule is off.
    public func due(now: Date = Date()) throws -> Date? {
        guard intervalHours > 0 else { return nil }
        guard FileManager.default.fileExists(atPath: gateway.home.catalogURL.path) else { return now }
        let catalog = try gateway.home.openCatalogForReading(try gateway.configuration())
        guard let entry = try catalog.latestAuditEntry(action: Self.action) else { return now }
        return Self.due(after: entry.at, intervalHours: intervalHours)
    }

    /// One interval after `last`.
    public static func due(after last: Date, intervalHours: Int) -> Date {
        last.addingTimeInterval(Double(intervalHours) * 3600)
    }

    /// Re-hashes the store now, on the calling thread, paced; audits and logs the result and keeps it.
    @discardableResult
    public func runNow() -> ReverificationRun {
        condition.withLock { running = true }
        let started = Date()
        let pacer = ReadPacer(bytesPerSecond: Double(rateMBs) * 1_000_000, clock: clock)
        var counts = (checked: 0, bytes: Int64(0), problems: 0, missing: 0, mismatch: 0, unreadable: 0)
        var failure: String?
        do {
            let result = try StoreVerifier(home: gateway.home, pacer: pacer).run()
            counts = (result.checked, result.bytes, result.problems.count,
                      result.problems.filter { $0.kind == .missing }.count,
                      result.problems.filter { $0.kind == .mismatch }.count,
                      result.problems.filter { $0.kind == .unreadable }.count)
            for problem in result.problems {
                logger.error("store re-verification: \(problem.kind.rawValue) \(problem.path): \(problem.detail)")
            }
        } catch {
            failure = "\(error)"
            logger.error("store re-verification could not run: \(error)")
        }
        let ended = Date()
        let run = ReverificationRun(
            startedAt: started, endedAt: ended, checked: counts.checked, bytes: counts.bytes, problems: counts.problems,
            missing: counts.missing, mismatch: counts.mismatch, unreadable: counts.unreadable, rateMBs: rateMBs,
            error: failure)
        do {
            try audit(run, at: ended)
        } catch {
            logger.error("store re-verification: cannot write its audit entry: \(error)")
        }
        let summary = "\(run.checked) clips, \(run.bytes) bytes, \(run.problems) problems (\(run.missing) missing, "
            + "\(run.mismatch) with other bytes, \(run.unreadable) unreadable), paced at \(rateMBs) MB/s"
        if run.ok { logger.info("store re-verified: \(summary)") } else { logger.error("store re-verified: \(summary)") }
        condition.withLock {
            last = run
            lastEnded = ended
            running = false
            runs += 1
            condition.broadcast()
        }
        return run
    }

    /// Blocks until this object has made `count` runs in all, and returns the last.
    public func waitForRuns(_ count: Int) -> ReverificationRun? {
        condition.withLock {
            while runs < count { condition.wait() }
            return last
        }
    }

    /// The `store.reverified` entry: the counts, as sorted-key JSON.
    private func audit(_ run: ReverificationRun, at ended: Date) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let detail = String(decoding: try encoder.encode(run), as: UTF8.self)
        try gateway.home.openCatalog(try gateway.configuration()).appendAudit(
            actor: OffloadRequest.currentActor(), action: Self.action, object: "store", digest: "", detail: detail,
            at: ended)
    }

    /// Starts the schedule on its own idle-priority thread (nothing when the interval is 0).
    public func start() {
        guard intervalHours > 0 else { return }
        condition.withLock {
            guard thread == nil else { return }
            thread = IdleThread(name: "recgate reverify") { [self] problem in
                if let problem { logger.warning("store re-verification runs at normal priority: \(problem)") }
                schedule()
            }
        }
    }

    /// Stops the schedule; a run under way ends first and, when `waiting`, is waited for. A process
    /// that ends without waiting (a run over a large store takes hours) loses only that run: it wrote no
    /// audit entry, so the next start finds it due.
    public func stop(waiting: Bool = true) {
        let running = condition.withLock {
            stopping = true
            condition.broadcast()
            return thread
        }
        if waiting { running?.join() }
    }

    private func schedule() {
        while true {
            var when: Date
            do {
                when = try due() ?? .distantFuture
            } catch {
                logger.error("store re-verification: cannot read when it last ran: \(error)")
                when = Date().addingTimeInterval(3600)
            }
            // Never sooner than an interval after this process's own last run, even when its audit
            // entry could not be written.
            if let ended = condition.withLock({ lastEnded }) {
                when = max(when, Self.due(after: ended, intervalHours: intervalHours))
            }
            let go: Bool = condition.withLock {
                nextDue = when
                while !stopping && Date() < when {
                    if !condition.wait(until: when) { break }
                }
                return !stopping
            }
            guard go else { return }
            runNow()
        }
    }
}
