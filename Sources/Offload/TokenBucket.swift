/// A token bucket over bytes: it fills at `rate` bytes a second up to `capacity`, and each read takes
/// what it read. A read that takes more than the bucket holds leaves it in debt, and the reader waits
/// until the debt is paid back at `rate`. Over any stretch of time the bytes read are at most
/// `capacity + rate × seconds`, however the reads are sized.
///
/// Pure arithmetic on times the caller gives (seconds from any fixed origin), so it is tested without
/// a clock; ``ReadPacer`` applies it to real reads.
public struct TokenBucket: Sendable, Equatable {
    /// Bytes a second.
    public let rate: Double
    /// The most bytes a reader may take at once after being idle.
    public let capacity: Double
    /// Bytes available now; negative while in debt.
    public private(set) var tokens: Double
    private var last: Double?

    /// A full bucket. `rate` and `capacity` must be positive.
    public init(rate: Double, capacity: Double) {
        precondition(rate > 0 && capacity > 0, "a token bucket needs a positive rate and capacity")
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
    }

    /// Takes `bytes` read at time `now` and returns how many seconds the reader must wait before reading
    /// again (0 when the bucket held them). A clock that goes back adds nothing.
    public mutating func take(_ bytes: Int, at now: Double) -> Double {
        if let last, now > last { tokens = min(capacity, tokens + (now - last) * rate) }
        last = max(last ?? now, now)
        tokens -= Double(bytes)
        return tokens >= 0 ? 0 : -tokens / rate
    }
}
