import Foundation
import Synchronization

/// Slows down password guessing, per account name and per client address, without a clock of its own
/// (every call says when it happens, so tests need no sleeps).
///
/// After ``threshold`` failures within ``window`` (counted for the name and, separately, for the address),
/// further attempts are refused for ``firstDelay``; each failure after that locks again for twice as long
/// as the lock before (1 min, 2, 4, … up to ``longestDelay``). A refused attempt is not a failure: it runs
/// no bcrypt and changes nothing. A success clears its name and its address; a name or address left
/// quiet for ``window`` after its last failure or the end of its lock, whichever is later, starts afresh
/// (measured from the lock's end, so the doubling can reach the longest delay).
///
/// The address is counted as well as the name so that one client trying many names is slowed too; a
/// client that also holds an account of its own clears its address's count by signing in with it, but
/// not the counts of the names it tried.
///
/// Use: ``check(name:address:at:)`` first (a refusal is answered without looking at the password), then
/// ``failed(name:address:at:)`` or ``succeeded(name:address:at:)`` with what `AccountBook.authenticate` said.
/// Names are counted whether or not an account has them (NFC, lowercased), so refusals say nothing about
/// which names exist.
///
/// Memory is bounded: at most ``capacity`` names and as many addresses are kept; past that, records that
/// have started afresh are forgotten first, then the ones with the least at stake.
public final class LoginThrottle: Sendable {
    /// Why an attempt is refused: try again after this many seconds (rounded up).
    public struct Refusal: Sendable, Hashable, CustomStringConvertible {
        public let retryAfter: Int

        public var description: String { "too many failed sign-ins; try again in \(retryAfter) s" }
    }

    public let threshold: Int
    public let window: TimeInterval
    public let firstDelay: TimeInterval
    public let longestDelay: TimeInterval
    public let capacity: Int

    private let state: Mutex<State>

    public init(threshold: Int = 5, window: TimeInterval = 15 * 60, firstDelay: TimeInterval = 60,
                longestDelay: TimeInterval = 3600, capacity: Int = 10_000) {
        precondition(threshold >= 1 && window > 0 && firstDelay > 0 && longestDelay >= firstDelay && capacity >= 1)
        self.threshold = threshold
        self.window = window
        self.firstDelay = firstDelay
        self.longestDelay = longestDelay
        self.capacity = capacity
        self.state = Mutex(State())
    }

    /// Whether an attempt for `name` from `address` may go on to the password check; nil when it may.
    public func check(name: String, address: String, at now: Date = Date()) -> Refusal? {
        let keys = Keys(name: name, address: address)
        let until = state.withLock { state in
            [state.names[keys.name], state.addresses[keys.address]].compactMap { $0?.lockedUntil(now) }.max()
        }
        guard let until else { return nil }
        return Refusal(retryAfter: Int(until.timeIntervalSince(now).rounded(.up)))
    }

    /// Counts a failed password check. A failure reported while a lock is in force (a check that raced
    /// the lock) is not counted.
    public func failed(name: String, address: String, at now: Date = Date()) {
        let keys = Keys(name: name, address: address)
        state.withLock { state in
            state.names[keys.name, default: Record()].fail(at: now, throttle: self)
            state.addresses[keys.address, default: Record()].fail(at: now, throttle: self)
            Self.bound(&state.names, to: capacity, at: now, window: window)
            Self.bound(&state.addresses, to: capacity, at: now, window: window)
        }
    }

    /// Clears the name's and the address's failures.
    public func succeeded(name: String, address: String, at now: Date = Date()) {
        let keys = Keys(name: name, address: address)
        state.withLock { state in
            state.names[keys.name] = nil
            state.addresses[keys.address] = nil
        }
    }

    /// How many names and addresses are remembered (for tests of the bound).
    public var remembered: (names: Int, addresses: Int) {
        state.withLock { ($0.names.count, $0.addresses.count) }
    }

    private struct Keys {
        let name: String
        let address: String

        init(name: String, address: String) {
            self.name = AccountName.throttleKey(name)
            // An address is an IP address as text; anything longer is not one and is cut, not kept whole.
            self.address = String(address.prefix(64))
        }
    }

    private struct State {
        var names: [String: Record] = [:]
        var addresses: [String: Record] = [:]
    }

    /// The failures of one name or address.
    private struct Record {
        /// Failures in the window before the first lock (at most `threshold`).
        var failures: [Date] = []
        /// How many locks so far; the next is twice as long as the last.
        var locks = 0
        var lockEnds: Date?
        var lastFailure = Date.distantPast

        /// When the record no longer counts: `window` after its last failure or its lock's end.
        func expires(window: TimeInterval) -> Date {
            max(lastFailure, lockEnds ?? .distantPast).addingTimeInterval(window)
        }

        /// When the lock in force at `now` ends, or nil when none is.
        func lockedUntil(_ now: Date) -> Date? {
            guard let lockEnds, now < lockEnds else { return nil }
            return lockEnds
        }

        mutating func fail(at now: Date, throttle: LoginThrottle) {
            if now >= expires(window: throttle.window) { self = Record() }
            if let lockEnds, now < lockEnds { return }
            lastFailure = now
            if locks == 0 {
                failures = failures.filter { now.timeIntervalSince($0) < throttle.window } + [now]
                guard failures.count >= throttle.threshold else { return }
                failures = []
            }
            let delay = min(throttle.firstDelay * pow(2, Double(min(locks, 62))), throttle.longestDelay)
            locks += 1
            lockEnds = now.addingTimeInterval(delay)
        }
    }

    /// Keeps `records` within `capacity`: forgets the expired ones, then, if still too many, those whose
    /// lock ends soonest (unlocked ones first, by their last failure), down to nine tenths of the capacity
    /// so the sweep is not run at every failure.
    private static func bound(_ records: inout [String: Record], to capacity: Int, at now: Date, window: TimeInterval) {
        guard records.count > capacity else { return }
        records = records.filter { now < $0.value.expires(window: window) }
        let keep = capacity - capacity / 10
        guard records.count > keep else { return }
        let ranked = records.sorted { a, b in
            let x = (a.value.lockEnds ?? .distantPast, a.value.failures.count, a.value.lastFailure)
            let y = (b.value.lockEnds ?? .distantPast, b.value.failures.count, b.value.lastFailure)
            return x < y
        }
        for (key, _) in ranked.prefix(records.count - keep) { records[key] = nil }
    }
}
