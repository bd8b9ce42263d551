import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a ``ReadPacer`` reads the time and waits: the monotonic clock and a real sleep in use, a clock
/// that only moves when told in tests (so a rate is checked as arithmetic, never by wall time).
public protocol PacingClock: Sendable {
    /// Seconds from a fixed origin, never going back.
    func now() -> Double
    func sleep(_ seconds: Double)
}

/// CLOCK_MONOTONIC and nanosleep: unaffected by the wall clock being set.
public struct MonotonicClock: PacingClock {
    public init() {}

    public func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    public func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        // Interrupted by a signal: sleep the rest.
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

/// Holds reads to a rate: each read's byte count is taken from one ``TokenBucket`` shared by every
/// thread that reads through this pacer, and the reader sleeps off any debt before it reads again.
public final class ReadPacer: @unchecked Sendable {
    // Sendable proof: `bucket` and `waitedSeconds` are read and written only under `lock`; `clock` is
    // Sendable and immutable.
    private let lock = NSLock()
    private var bucket: TokenBucket
    private var waitedSeconds: Double = 0
    private let clock: any PacingClock

    /// At most `bytesPerSecond`, with bursts of `burst` bytes (nil: one second's worth).
    public init(bytesPerSecond: Double, burst: Double? = nil, clock: any PacingClock = MonotonicClock()) {
        bucket = TokenBucket(rate: bytesPerSecond, capacity: burst ?? bytesPerSecond)
        self.clock = clock
    }

    /// The rate, in bytes a second.
    public var rate: Double { lock.withLock { bucket.rate } }

    /// Seconds spent waiting so far.
    public var waited: Double { lock.withLock { waitedSeconds } }

    /// Accounts for `bytes` just read, and waits as long as the bucket says.
    public func pace(_ bytes: Int) {
        let wait = lock.withLock {
            let wait = bucket.take(bytes, at: clock.now())
            waitedSeconds += wait
            return wait
        }
        clock.sleep(wait)
    }
}
