#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread running one piece of work, joined by its owner before anything the work touches is used
/// again. A pthread rather than a Task: the work blocks (in FFmpeg, and waiting on a `FrameChannel`),
/// which must not tie up the cooperative pool.
final class WorkerThread {
    private let thread: pthread_t
    private var joined = false

    /// The closure travels to the new thread in this box, by a retained pointer.
    private final class Work {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `body` on a new thread.
    ///
    /// `body` is not checked for Sendable: the caller hands it state that only the new thread uses
    /// until `join` returns.
    init(_ body: @escaping () -> Void) throws(MediaError) {
        let box = Unmanaged.passRetained(Work(body)).toOpaque()
        #if canImport(Glibc)
        var created = pthread_t()
        #else
        var created: pthread_t?
        #endif
        let result = pthread_create(&created, nil, { argument in
            let work = Unmanaged<Work>.fromOpaque(argument!).takeRetainedValue()
            work.body()
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<Work>.fromOpaque(box).release()
            throw MediaError(.system(result), call: "pthread_create")
        }
        #if canImport(Glibc)
        thread = created
        #else
        thread = created!
        #endif
    }

    /// Waits for the work to end. Calling it again does nothing.
    func join() {
        guard !joined else { return }
        joined = true
        pthread_join(thread, nil)
    }

    deinit {
        // A thread never joined would outlive what it uses.
        join()
    }
}
