import DeviceKit
import Compliance
import Foundation

/// The derived-media queue in the daemon's status document: what it is doing and has done since the
/// daemon started.
public struct DerivedQueueStatus: Codable, Sendable, Equatable {
    /// `proxy_policy`: `none`, `faststart` or `all`.
    public var policy: String
    /// Clips waiting to be looked at.
    public var pending: Int
    /// The SHA-256 of the clip being worked on, or null.
    public var working: String?
    public var faststart_made: Int
    public var proxies_made: Int
    /// Clips looked at that needed nothing (or nothing the policy allows).
    public var not_needed: Int
    public var failed: Int
    public var last_error: String?
    /// True while the running offloads leave no core: the queue starts no new clip until one is left.
    public var held: Bool

    public init(policy: String, pending: Int, working: String?, faststart_made: Int, proxies_made: Int, not_needed: Int,
                failed: Int, last_error: String?, held: Bool = false) {
        self.policy = policy
        self.pending = pending
        self.working = working
        self.faststart_made = faststart_made
        self.proxies_made = proxies_made
        self.not_needed = not_needed
        self.failed = failed
        self.last_error = last_error
        self.held = held
    }
}

/// One scheduled re-hash of the store: the `store.reverified` audit entry's detail and the status
/// document's `last`. Times are RFC 3339 in UTC.
public struct ReverificationRun: Codable, Sendable, Equatable {
    public var started_at: String
    public var ended_at: String
    /// Clips re-hashed, and their bytes.
    public var checked: Int
    public var bytes: Int64
    /// Every problem found, and of those: objects missing, with other bytes, unreadable.
    public var problems: Int
    public var missing: Int
    public var mismatch: Int
    public var unreadable: Int
    /// The rate the reads were held to, MB a second.
    public var rate_mb_s: Int
    /// Why the run could not be made at all, or null.
    public var error: String?
    /// No problem and no error.
    public var ok: Bool

    public init(startedAt: Date, endedAt: Date, checked: Int, bytes: Int64, problems: Int, missing: Int, mismatch: Int,
                unreadable: Int, rateMBs: Int, error: String?) {
        started_at = RFC3339.string(startedAt)
        ended_at = RFC3339.string(endedAt)
        self.checked = checked
        self.bytes = bytes
        self.problems = problems
        self.missing = missing
        self.mismatch = mismatch
        self.unreadable = unreadable
        rate_mb_s = rateMBs
        self.error = error
        ok = problems == 0 && error == nil
    }
}

/// The scheduled re-verification in the daemon's status document.
public struct ReverificationStatus: Codable, Sendable, Equatable {
    /// `reverify_interval_hours` (0: off).
    public var interval_hours: Int
    public var rate_mb_s: Int
    public var running: Bool
    /// When the next run is due, or null (off, or not yet scheduled).
    public var next_due: String?
    /// The last run made by this daemon, or null.
    public var last: ReverificationRun?

    public init(intervalHours: Int, rateMBs: Int, running: Bool, nextDue: Date?, last: ReverificationRun?) {
        interval_hours = intervalHours
        rate_mb_s = rateMBs
        self.running = running
        next_due = nextDue.map { RFC3339.string($0) }
        self.last = last
    }
}
