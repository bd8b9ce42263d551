import CThreadPriority
import Foundation
import Synchronization

/// A few threads at nice 10 for the reads a server does for people (clip searches over a large catalog):
/// an offload's threads (nice 0) get the CPU first and keep their rate while searches run, and searches
/// still run whenever the offload leaves a core free. Idle priority would stop them for the whole of an
/// offload; the cooperative pool they would otherwise block has no priority at all. Priority alone does
/// not keep a sustained load from slowing an offload, so a ``ReadingBudget`` paces them while offloads run.
public final class ReadingWorkers: Sendable {
    public static let nice: Int32 = 10

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let waiting = DispatchSemaphore(value: 0)
    private let budget: ReadingBudget?

    /// Starts `count` threads (they live as long as the process), each lowering its own priority as it starts (a failure leaves it at the
    /// process's: searches then compete with offloads as equals, which is slower, never wrong).
    public init(count: Int = max(2, ProcessInfo.processInfo.activeProcessorCount), budget: ReadingBudget? = nil) {
        self.budget = budget
        for n in 0..<count {
            let thread = Thread { [self] in
                Thread.current.name = "recgate-reader-\(n)"
                _ = recgate_set_nice(recgate_gettid(), Self.nice)
                work()
            }
            thread.start()
        }
    }

    /// Runs `body` on one of the threads and returns what it returns.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { continuation.resume(with: Result { try body() }) }
        }
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.append(job) }
        waiting.signal()
    }

    /// Each thread's life: the next job, for as long as the process runs.
    private func work() -> Never {
        while true {
            waiting.wait()
            // While offloads run, the job starts once the budget is out of debt (looked at again each second).
            while let budget, case let delay = budget.delay(at: Self.monotonicSeconds()), delay > 0 {
                usleep(UInt32(min(delay, 1) * 1_000_000))
            }
            let start = Self.threadCPUSeconds()
            jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }?()
            budget?.spend(Self.threadCPUSeconds() - start, at: Self.monotonicSeconds())
        }
    }

    static func monotonicSeconds() -> Double { seconds(of: CLOCK_MONOTONIC) }
    /// The CPU time the calling thread has used: what a job cost, whatever else the machine ran meanwhile.
    static func threadCPUSeconds() -> Double { seconds(of: CLOCK_THREAD_CPUTIME_ID) }

    private static func seconds(of clock: clockid_t) -> Double {
        var now = timespec()
        clock_gettime(clock, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
