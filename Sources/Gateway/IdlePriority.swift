import CThreadPriority
import Foundation
import Offload

/// The lowest priority Linux gives a thread: CPU only when no other thread wants it (SCHED_IDLE, and
/// nice 19 for anything that reads the nice value), disk only when no other I/O is waiting
/// (IOPRIO_CLASS_IDLE). Background work of the gateway (derived media, the scheduled re-hash) runs so,
/// and an offload never waits for it. Threads the work starts (FFmpeg's decoders, libx264's) inherit
/// all three. Lowering one's own priority needs no privilege.
public enum IdlePriority {
    public static let nice: Int32 = 19

    /// The calling thread's id, as /proc/self/task/<tid> names it.
    public static func currentThreadID() -> Int32 { recgate_gettid() }

    /// Puts the calling thread (only it: the calls name its tid) at idle CPU and I/O priority.
    public static func applyToCurrentThread() throws {
        let tid = recgate_gettid()
        if recgate_sched_set_idle(tid, nice) != 0 { throw OffloadError.errno(errno, call: "sched_setattr", path: nil) }
        if recgate_set_nice(tid, nice) != 0 { throw OffloadError.errno(errno, call: "setpriority", path: nil) }
        if recgate_ioprio_set_idle(tid) != 0 { throw OffloadError.errno(errno, call: "ioprio_set", path: nil) }
    }
}

/// One thread at ``IdlePriority`` running a body until it returns; ``join()`` waits for that.
/// A thread rather than a task: the work blocks in FFmpeg and in file reads, which must not tie up the
/// cooperative pool, and a priority belongs to a thread.
final class IdleThread: @unchecked Sendable {
    // Sendable proof: `thread` is set once in init; `done` is a semaphore (thread-safe).
    private let done = DispatchSemaphore(value: 0)
    private var thread: Thread?

    /// Starts `body` on a new idle-priority thread; `body` is told whether the priority could be set
    /// (nil) or why not.
    init(name: String, _ body: @escaping @Sendable ((any Error)?) -> Void) {
        let done = self.done
        let thread = Thread {
            // Named from inside: the name given before start is not passed to the thread on Linux.
            Thread.current.name = name
            var problem: (any Error)?
            do { try IdlePriority.applyToCurrentThread() } catch { problem = error }
            body(problem)
            done.signal()
        }
        self.thread = thread
        thread.start()
    }

    /// Waits until the body has returned. Call once.
    func join() {
        done.wait()
    }
}
