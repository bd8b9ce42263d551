import Accounts
import Foundation
import Testing

/// The throttle on a clock the test moves: minutes are arguments, never waited for.
@Suite("LoginThrottle")
struct LoginThrottleTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_342_400)  // 2026-12-04T00:00:00Z

    static func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    /// `count` failures for `name` from `address`, one a second from `start`, each checked first as a
    /// server would; returns the refusals met.
    @discardableResult
    static func fail(_ throttle: LoginThrottle, _ name: String, _ address: String, count: Int, from start: TimeInterval) -> [LoginThrottle.Refusal] {
        var refusals: [LoginThrottle.Refusal] = []
        for i in 0..<count {
            let now = at(start + TimeInterval(i))
            if let refusal = throttle.check(name: name, address: address, at: now) {
                refusals.append(refusal)
            } else {
                throttle.failed(name: name, address: address, at: now)
            }
        }
        return refusals
    }

    @Test func fiveFailuresLockForAMinuteAndARefusedAttemptDoesNotExtendIt() {
        let throttle = LoginThrottle()
        #expect(Self.fail(throttle, "alice", "10.0.0.1", count: 4, from: 0).isEmpty)
        #expect(throttle.check(name: "alice", address: "10.0.0.1", at: Self.at(4)) == nil)
        throttle.failed(name: "alice", address: "10.0.0.1", at: Self.at(4))
        // Locked from the fifth failure (at 4 s) for 60 s.
        #expect(throttle.check(name: "alice", address: "10.0.0.1", at: Self.at(5))?.retryAfter == 59)
        #expect(throttle.check(name: "alice", address: "10.0.0.1", at: Self.at(30))?.retryAfter == 34)
        // Refused attempts, however many, leave the end where it was.
        for second in 31..<63 { _ = throttle.check(name: "alice", address: "10.0.0.1", at: Self.at(TimeInterval(second))) }
        #expect(throttle.check(name: "alice", address: "10.0.0.1", at: Self.at(63.5))?.retryAfter == 1)
        #expect(throttle.check(name: "alice", address: "10.0.0.1", at: Self.at(64)) == nil)
    }

    @Test func eachFailureAfterALockDoublesTheNextUpToAnHour() {
        let throttle = LoginThrottle()
        Self.fail(throttle, "bob", "10.0.0.2", count: 5, from: 0)
        var now: TimeInterval = 4
        var delays: [Int] = []
        for _ in 0..<9 {
            let refusal = throttle.check(name: "bob", address: "10.0.0.2", at: Self.at(now + 1))!
            delays.append(refusal.retryAfter + 1)
            now += TimeInterval(refusal.retryAfter + 1)
            #expect(throttle.check(name: "bob", address: "10.0.0.2", at: Self.at(now)) == nil)
            throttle.failed(name: "bob", address: "10.0.0.2", at: Self.at(now))
        }
        #expect(delays == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600])
    }

    @Test func aSuccessClearsTheNameAndTheAddress() {
        let throttle = LoginThrottle()
        Self.fail(throttle, "carol", "10.0.0.3", count: 4, from: 0)
        throttle.succeeded(name: "carol", address: "10.0.0.3", at: Self.at(10))
        #expect(Self.fail(throttle, "carol", "10.0.0.3", count: 4, from: 11).isEmpty)
        #expect(throttle.check(name: "carol", address: "10.0.0.3", at: Self.at(20)) == nil)
        throttle.failed(name: "carol", address: "10.0.0.3", at: Self.at(20))
        #expect(throttle.check(name: "carol", address: "10.0.0.3", at: Self.at(21)) != nil)
    }

    @Test func aLockedNameIsLockedFromEveryAddressAndALockedAddressForEveryName() {
        let throttle = LoginThrottle()
        Self.fail(throttle, "dave", "10.0.0.4", count: 5, from: 0)
        #expect(throttle.check(name: "dave", address: "10.0.0.99", at: Self.at(10)) != nil, "the name is locked")
        #expect(throttle.check(name: "DAVE", address: "10.0.0.99", at: Self.at(10)) != nil, "in any case")
        #expect(throttle.check(name: "erin", address: "10.0.0.4", at: Self.at(10)) != nil, "the address is locked")
        #expect(throttle.check(name: "erin", address: "10.0.0.99", at: Self.at(10)) == nil, "another name from another address")
    }

    @Test func sprayingNamesFromOneAddressLocksTheAddress() {
        let throttle = LoginThrottle()
        for (i, name) in ["u1", "u2", "u3", "u4", "u5"].enumerated() {
            #expect(throttle.check(name: name, address: "192.0.2.7", at: Self.at(TimeInterval(i))) == nil)
            throttle.failed(name: name, address: "192.0.2.7", at: Self.at(TimeInterval(i)))
        }
        #expect(throttle.check(name: "u6", address: "192.0.2.7", at: Self.at(5))?.retryAfter == 59)
        #expect(throttle.check(name: "u1", address: "192.0.2.8", at: Self.at(5)) == nil, "each name failed once only")
    }

    @Test func failuresFurtherApartThanTheWindowNeverLock() {
        let throttle = LoginThrottle()
        for i in 0..<20 {
            let now = Self.at(TimeInterval(i) * 226)  // four in any 15 minutes
            #expect(throttle.check(name: "fay", address: "10.0.0.6", at: now) == nil, "attempt \(i)")
            throttle.failed(name: "fay", address: "10.0.0.6", at: now)
        }
    }

    @Test func aQuietWindowAfterALockStartsAfresh() {
        let throttle = LoginThrottle()
        Self.fail(throttle, "gus", "10.0.0.7", count: 5, from: 0)       // locked until 64 s
        throttle.failed(name: "gus", address: "10.0.0.7", at: Self.at(64))  // again: 120 s, until 184 s
        #expect(throttle.check(name: "gus", address: "10.0.0.7", at: Self.at(183)) != nil)
        // A failure within 15 minutes of the lock's end doubles again…
        let doubled = LoginThrottle()
        Self.fail(doubled, "gus", "10.0.0.7", count: 5, from: 0)
        doubled.failed(name: "gus", address: "10.0.0.7", at: Self.at(64))
        doubled.failed(name: "gus", address: "10.0.0.7", at: Self.at(184 + 899))
        #expect(doubled.check(name: "gus", address: "10.0.0.7", at: Self.at(184 + 899 + 1))?.retryAfter == 239)
        // …one after that is a first failure.
        throttle.failed(name: "gus", address: "10.0.0.7", at: Self.at(184 + 900))
        #expect(throttle.check(name: "gus", address: "10.0.0.7", at: Self.at(184 + 901)) == nil)
    }

    @Test func memoryIsBoundedAndLocksOutliveAFloodOfOtherNames() {
        let throttle = LoginThrottle(capacity: 100)
        Self.fail(throttle, "target", "10.0.0.8", count: 5, from: 0)
        for i in 0..<1000 {
            throttle.failed(name: "flood\(i)", address: "198.51.100.\(i % 250)", at: Self.at(10))
        }
        let remembered = throttle.remembered
        #expect(remembered.names <= 100 && remembered.addresses <= 100)
        #expect(throttle.check(name: "target", address: "203.0.113.1", at: Self.at(11)) != nil)
        // Past the bound, what has expired goes first: the next sweep keeps only the new names.
        for i in 0..<11 { throttle.failed(name: "late\(i)", address: "10.0.0.9", at: Self.at(10_000)) }
        #expect(throttle.remembered.names <= 11)
    }
}
