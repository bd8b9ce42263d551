import Foundation
import Synchronization

/// How much processor time the web layer's reading work (``ReadingWorkers``: clip searches, pages) may
/// take while offloads run: a bucket of CPU seconds, filled at `cpuPerSecond` and holding at most `burst`.
/// A job starts only when the bucket is not in debt, and its measured thread CPU time is taken out of it.
/// With no offload running the bucket is always full and nothing waits.
///
/// Why: on a small gateway an offload at disk speed uses the whole machine (hashing, copies, the page
/// cache), and a lower scheduling priority alone does not keep other work from slowing it (the cores'
/// siblings, caches and memory bandwidth are shared). Measured on two cores: searches at nice 10 served as
/// fast as the load asked (about 300 a second) cut the offload's rate by 12 to 45 %; held to 5 % of a core
/// (the default share) it kept its rate. A person's search (well under a millisecond of CPU) fits in the
/// burst and does not wait; only a sustained load is paced.
public final class ReadingBudget: Sendable {
    /// CPU seconds the reading work may use per second of wall time while offloads run.
    public let cpuPerSecond: Double
    /// CPU seconds the bucket holds when full.
    public let burst: Double

    private struct State {
        var offloads = 0
        var balance: Double
        var updated: Double
    }
    private let state: Mutex<State>

    public static let defaultBurst = 0.05

    public init(cpuPerSecond: Double, burst: Double = ReadingBudget.defaultBurst) {
        precondition(cpuPerSecond > 0 && burst > 0, "a reading budget needs a positive rate and burst")
        self.cpuPerSecond = cpuPerSecond
        self.burst = burst
        state = Mutex(State(balance: burst, updated: 0))
    }

    /// `web_cpu_percent_during_offloads` as a budget: percent of one core.
    public convenience init(percentOfCore: Int) {
        self.init(cpuPerSecond: Double(percentOfCore) / 100)
    }

    /// Told by the offload scheduler whenever the number of running offloads changes.
    public func offloadsRunning(_ count: Int) {
        state.withLock { $0.offloads = count }
    }

    /// Seconds the next job must wait before it starts, at `now` (monotonic seconds): 0 unless offloads
    /// run and the bucket is in debt.
    public func delay(at now: Double) -> Double {
        state.withLock { state in
            refill(&state, at: now)
            return state.balance >= 0 ? 0 : -state.balance / cpuPerSecond
        }
    }

    /// Takes a finished job's CPU seconds out of the bucket (nothing is counted while no offload runs).
    public func spend(_ cpuSeconds: Double, at now: Double) {
        state.withLock { state in
            refill(&state, at: now)
            if state.offloads > 0 { state.balance -= cpuSeconds }
        }
    }

    private func refill(_ state: inout State, at now: Double) {
        let elapsed = max(0, now - state.updated)
        state.updated = max(state.updated, now)
        state.balance = state.offloads == 0 ? burst : min(burst, state.balance + elapsed * cpuPerSecond)
    }
}
