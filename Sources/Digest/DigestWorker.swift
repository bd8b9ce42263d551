#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A dedicated thread that runs one digest for a MultiDigest, so that the caller's algorithm and this
/// one hash the same bytes on two cores.
///
/// The protocol is a strict hand-off: the owner posts a chunk with ``start(_:)``, hashes its own
/// algorithm, then blocks in ``wait()`` until the worker has consumed the chunk. So the worker only
/// reads the caller's buffer while the caller is inside `MultiDigest.update`, and the caller may reuse
/// the buffer as soon as `update` returns.
///
/// `@unchecked Sendable` is safe because every field the two threads share is touched only with
/// `mutex` held (`job`, `stopping`), and `digest` is handed over by that same mutex: the worker
/// thread touches it only while `job` is non-nil; the owner only when `job` is nil, which it has
/// observed under the mutex (so the worker's writes happen-before the owner's reads, and vice versa).
/// `thread` and `started` are touched by the owner only.
final class DigestWorker: @unchecked Sendable {
    let algorithm: DigestAlgorithm
    private var digest: any StreamingDigest
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workPosted = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let workDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var job: UnsafeRawBufferPointer?
    private var stopping = false
    private var thread: pthread_t?

    init(algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        self.digest = algorithm.makeStreamingDigest()
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(workPosted, nil)
        pthread_cond_init(workDone, nil)
    }

    deinit {
        stop()
        pthread_cond_destroy(workDone)
        pthread_cond_destroy(workPosted)
        pthread_mutex_destroy(mutex)
        workDone.deallocate()
        workPosted.deallocate()
        mutex.deallocate()
    }

    /// Hashes `bytes` on the caller's thread. Only when no chunk is outstanding.
    func updateInline(_ bytes: UnsafeRawBufferPointer) {
        digest.update(bytes)
    }

    /// Posts `bytes` to the worker thread, starting the thread on first use. Must be followed by
    /// ``wait()`` before `bytes` is freed or reused.
    func start(_ bytes: UnsafeRawBufferPointer) {
        if thread == nil { spawn() }
        pthread_mutex_lock(mutex)
        job = bytes
        pthread_cond_signal(workPosted)
        pthread_mutex_unlock(mutex)
    }

    /// Blocks until the posted chunk has been hashed.
    func wait() {
        pthread_mutex_lock(mutex)
        while job != nil { pthread_cond_wait(workDone, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Stops the thread (if any) and returns the digest.
    func finish() -> [UInt8] {
        stop()
        return digest.finalize()
    }

    private func spawn() {
        // The thread holds a +1 reference for as long as it runs; `stop` joins it before deinit
        // could ever run, so the worker outlives its thread.
        let context = Unmanaged.passRetained(self).toOpaque()
        #if canImport(Darwin)
        var tid: pthread_t? = nil
        #else
        var tid = pthread_t()
        #endif
        let rc = pthread_create(&tid, nil, { context in
            #if canImport(Darwin)
            let worker = Unmanaged<DigestWorker>.fromOpaque(context).takeRetainedValue()
            #else
            let worker = Unmanaged<DigestWorker>.fromOpaque(context!).takeRetainedValue()
            #endif
            worker.run()
            return nil
        }, context)
        // Failing to start a thread here means the process is out of threads or memory; there is no
        // sensible recovery for a hashing pipeline.
        precondition(rc == 0, "DigestWorker: pthread_create failed with \(rc)")
        thread = tid
    }

    /// Stops and joins the thread, if one was started. Idempotent.
    func stop() {
        guard let tid = thread else { return }
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_signal(workPosted)
        pthread_mutex_unlock(mutex)
        pthread_join(tid, nil)
        thread = nil
    }

    private func run() {
        pthread_mutex_lock(mutex)
        while true {
            if let bytes = job {
                pthread_mutex_unlock(mutex)
                digest.update(bytes)
                pthread_mutex_lock(mutex)
                job = nil
                pthread_cond_signal(workDone)
            } else if stopping {
                break
            } else {
                pthread_cond_wait(workPosted, mutex)
            }
        }
        pthread_mutex_unlock(mutex)
    }
}
