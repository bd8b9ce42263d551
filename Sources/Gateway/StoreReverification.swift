import Evidence
import Foundation
import Logging
import Offload

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

    /// One run, as audited and shown in the status document.
    public struct Run: Encodable, Sendable, Equatable {
        public var startedAt: Date
        public var endedAt: Date
        /// Clips re-hashed, and their bytes.
        public var checked: Int
        public var bytes: Int64
        /// Every problem, and of those: objects missing, with other bytes, unreadable.
        public var problems: Int
        public var missing: Int
        public var mismatch: Int
        public var unreadable: Int
        /// The rate the reads were held to, MB a second.
        public var rateMBs: Int
        /// Set when the run could not be made at all (the catalog could not be opened …).
        public var error: String?
        public var ok: Bool { problems == 0 && error == nil }

        enum CodingKeys: String, CodingKey {
            case startedAt = "started_at"
            case endedAt = "ended_at"
            case checked, bytes, problems, missing, mismatch, unreadable
            case rateMBs = "rate_mb_s"
            case error, ok
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(startedAt, forKey: .startedAt)
            try c.encode(endedAt, forKey: .endedAt)
            try c.encode(checked, forKey: .checked)
            try c.encode(bytes, forKey: .bytes)
            try c.encode(problems, forKey: .problems)
            try c.encode(missing, forKey: .missing)
            try c.encode(mismatch, forKey: .mismatch)
            try c.encode(unreadable, forKey: .unreadable)
            try c.encode(rateMBs, forKey: .rateMBs)
            try c.encode(error, forKey: .error)
            try c.encode(ok, forKey: .ok)
        }
    }

    /// The schedule and the last run, for the status document.
    public struct Status: Encodable, Sendable, Equatable {
        public var intervalHours: Int
        public var rateMBs: Int
        public var running: Bool
        public var nextDue: Date?
        public var last: Run?

        enum CodingKeys: String, CodingKey {
            case intervalHours = "interval_hours"
            case rateMBs = "rate_mb_s"
            case running
            case nextDue = "next_due"
            case last
        }
    }

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
    private var last: Run?
    private var running = false
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

    public var status: Status {
        condition.withLock {
            Status(intervalHours: intervalHours, rateMBs: rateMBs, running: running, nextDue: nextDue, last: last)
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
    public func runNow() -> Run {
        condition.withLock { running = true }
        let started = Date()
        let pacer = ReadPacer(bytesPerSecond: Double(rateMBs) * 1_000_000, clock: clock)
        var run = Run(startedAt: started, endedAt: started, checked: 0, bytes: 0, problems: 0, missing: 0,
                      mismatch: 0, unreadable: 0, rateMBs: rateMBs)
        do {
            let result = try StoreVerifier(home: gateway.home, pacer: pacer).run()
            run.checked = result.checked
            run.bytes = result.bytes
            run.problems = result.problems.count
            run.missing = result.problems.filter { $0.kind == .missing }.count
            run.mismatch = result.problems.filter { $0.kind == .mismatch }.count
            run.unreadable = result.problems.filter { $0.kind == .unreadable }.count
            for problem in result.problems {
                logger.error("store re-verification: \(problem.kind.rawValue) \(problem.path): \(problem.detail)")
            }
        } catch {
            run.error = "\(error)"
            logger.error("store re-verification could not run: \(error)")
        }
        run.endedAt = Date()
        do {
            try audit(run)
        } catch {
            logger.error("store re-verification: cannot write its audit entry: \(error)")
        }
        let summary = "\(run.checked) clips, \(run.bytes) bytes, \(run.problems) problems (\(run.missing) missing, "
            + "\(run.mismatch) with other bytes, \(run.unreadable) unreadable), paced at \(rateMBs) MB/s"
        if run.ok { logger.info("store re-verified: \(summary)") } else { logger.error("store re-verified: \(summary)") }
        condition.withLock {
            last = run
            running = false
            condition.broadcast()
        }
        return run
    }

    /// Blocks until a run that started after `since` has ended, and returns it.
    public func waitForRun(since: Date = .distantPast) -> Run {
        condition.withLock {
            while true {
                if let last, last.startedAt > since { return last }
                condition.wait()
            }
        }
    }

    /// The `store.reverified` entry: the counts, as sorted-key JSON.
    private func audit(_ run: Run) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let detail = String(decoding: try encoder.encode(run), as: UTF8.self)
        try gateway.home.openCatalog(try gateway.configuration()).appendAudit(
            actor: OffloadRequest.currentActor(), action: Self.action, object: "store", digest: "", detail: detail,
            at: run.endedAt)
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

    /// Stops the schedule; a run under way finishes first.
    public func stop() {
        let running = condition.withLock {
            stopping = true
            condition.broadcast()
            return thread
        }
        running?.join()
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
            if let ended = condition.withLock({ last?.endedAt }) {
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
