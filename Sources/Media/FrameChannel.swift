import CFFmpeg

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decoded frames handed from one thread to another, in order, by reference: `send` moves the
/// frame's buffers into the channel and `receive` moves them out (av_frame_move_ref), so no picture
/// is copied. At most `capacity` frames wait; a sender waits while the channel is full, which is what
/// keeps a fast decoder from running ahead of a slow encoder without bound.
///
/// One sending thread, one receiving thread. The sender ends with `close`, saying why when it stopped
/// on an error; the receiver can `cancel`, after which sends fail so the sender stops early.
///
/// Not Sendable in the type system: the two threads reach it through a pointer the job owns and keeps
/// alive until the sending thread is joined. Every stored property except the immutable ones is read
/// and written only with `lock` held.
final class FrameChannel {
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let changed: UnsafeMutablePointer<pthread_cond_t>
    /// Ring of pre-allocated frames; `tags` says which stream each came from.
    private let slots: [UnsafeMutablePointer<AVFrame>]
    private var tags: [Int]
    private var head = 0
    private var count = 0
    private var closed = false
    private var cancelled = false
    private var failure: MediaError?

    init(capacity: Int) throws(MediaError) {
        precondition(capacity > 0, "a channel holds at least one frame")
        var made: [UnsafeMutablePointer<AVFrame>] = []
        for _ in 0..<capacity {
            guard let frame = av_frame_alloc() else {
                for var frame in made as [UnsafeMutablePointer<AVFrame>?] { av_frame_free(&frame) }
                throw MediaError(.outOfMemory, call: "av_frame_alloc")
            }
            made.append(frame)
        }
        slots = made
        tags = Array(repeating: 0, count: capacity)
        lock = .allocate(capacity: 1)
        changed = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
    }

    /// Moves `frame`'s buffers into the channel, tagged `tag`, waiting while it is full; `frame` is
    /// left empty. False when the receiver cancelled: the sender should stop.
    func send(_ frame: inout Frame, tag: Int) -> Bool {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while count == slots.count && !cancelled { pthread_cond_wait(changed, lock) }
        guard !cancelled else { return false }
        let index = (head + count) % slots.count
        av_frame_move_ref(slots[index], frame.pointer)
        tags[index] = tag
        count += 1
        pthread_cond_broadcast(changed)
        return true
    }

    /// The sender is done: after the frames still waiting, `receive` returns nil. `error` is why the
    /// sender stopped early, if it did; `receive` then throws it.
    func close(error: MediaError?) {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        closed = true
        failure = error
        pthread_cond_broadcast(changed)
    }

    /// Moves the next frame into `frame` (replacing what it held) and returns its tag, waiting for one;
    /// nil when the sender closed the channel and every frame was taken. Throws the sender's error
    /// once the frames sent before it are taken.
    func receive(into frame: inout Frame) throws(MediaError) -> Int? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while count == 0 && !closed { pthread_cond_wait(changed, lock) }
        guard count > 0 else {
            if let failure { throw failure }
            return nil
        }
        av_frame_unref(frame.pointer)
        av_frame_move_ref(frame.pointer, slots[head])
        let tag = tags[head]
        head = (head + 1) % slots.count
        count -= 1
        pthread_cond_broadcast(changed)
        return tag
    }

    /// The receiver gives up: waiting and later sends return false, and frames still waiting are
    /// dropped.
    func cancel() {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        cancelled = true
        for slot in slots { av_frame_unref(slot) }
        count = 0
        pthread_cond_broadcast(changed)
    }

    deinit {
        for var slot in slots as [UnsafeMutablePointer<AVFrame>?] { av_frame_free(&slot) }
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        changed.deallocate()
        lock.deallocate()
    }
}
