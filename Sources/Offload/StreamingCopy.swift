import Digest
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a file once and hashes its bytes while a second thread writes the same bytes out.
///
/// Three stages overlap: a reader thread fills pooled buffers from the source, the calling thread
/// hashes each filled buffer, and a writer thread writes it to the destination at the same time.
/// A buffer returns to the pool only when both the hasher and the writer are done with it, so memory
/// stays at `bufferCount × chunkSize` whatever the file's size. Without a destination the same
/// pipeline hashes only (used to read back a stored copy).
struct StreamingCopy {
    var chunkSize = 1 << 20
    var bufferCount = 8
    /// Bytes after which the writer asks the kernel to start writing back what it wrote, so the device
    /// is busy while the copy goes on and the fsync that follows has little left to do.
    var writebackInterval = 8 << 20

    struct Outcome {
        var bytes: Int64
    }

    /// Copies `source` to `destination` (when given) while feeding `hasher`. `progress` is called on
    /// the calling thread with each chunk's byte count. With `limit`, at most that many bytes are read, and
    /// then one more is tried: a file that has it grew while it was read, which fails the copy.
    func run(
        source: Int32, sourcePath: String,
        destination: Int32?, destinationPath: String?,
        hasher: MultiDigest, progress: ((Int) -> Void)? = nil, limit: Int64? = nil
    ) throws -> Outcome {
        let state = PipelineState(chunkSize: chunkSize, bufferCount: bufferCount, writebackInterval: writebackInterval)
        defer { state.deallocate() }

        let readerDone = DispatchSemaphore(value: 0)
        let reader = Thread { [state] in
            state.readAll(from: source, path: sourcePath, limit: limit)
            readerDone.signal()
        }
        reader.name = "recgate.copy.read"
        reader.start()

        let writerDone = DispatchSemaphore(value: 0)
        if let destination {
            let writer = Thread { [state] in
                state.writeAll(to: destination, path: destinationPath ?? "")
                writerDone.signal()
            }
            writer.name = "recgate.copy.write"
            writer.start()
        } else {
            state.toWrite.close()
            writerDone.signal()
        }

        var total: Int64 = 0
        while let chunk = state.filled.pop() {
            state.setPending(chunk.index, to: destination == nil ? 1 : 2)
            if destination != nil { state.toWrite.push(chunk) }
            if !state.isCancelled {
                hasher.update(UnsafeRawBufferPointer(start: state.buffer(chunk.index), count: chunk.count))
                total += Int64(chunk.count)
                progress?(chunk.count)
            }
            state.release(chunk.index)
        }
        state.toWrite.close()
        writerDone.wait()
        readerDone.wait()
        if let failure = state.failure { throw failure }
        return Outcome(bytes: total)
    }
}

/// A filled region of one pooled buffer.
private struct Chunk: Sendable {
    let index: Int
    let count: Int
}

/// The buffers and queues the three stages share.
private final class PipelineState: @unchecked Sendable {
    // Sendable proof: `memory` and the sizes never change after init. A buffer's bytes are touched by
    // one stage at a time: the reader owns a buffer from `free.pop()` until `filled.push`, then the
    // hasher and writer only read it until both `release` it, which pushes it back to `free`. The
    // queues' lock orders these hand-overs. `pending`, `failure` and `cancelled` are guarded by `lock`.
    let chunkSize: Int
    let writebackInterval: Int
    private let memory: UnsafeMutableRawPointer
    let free = BlockingQueue<Int>()
    let filled = BlockingQueue<Chunk>()
    let toWrite = BlockingQueue<Chunk>()
    private let lock = NSLock()
    private var pending: [Int]
    private var storedFailure: OffloadError?
    private var cancelled = false

    init(chunkSize: Int, bufferCount: Int, writebackInterval: Int) {
        self.chunkSize = chunkSize
        self.writebackInterval = writebackInterval
        // Page-aligned so the same buffers could serve O_DIRECT reads.
        memory = UnsafeMutableRawPointer.allocate(byteCount: chunkSize * bufferCount, alignment: 4096)
        pending = Array(repeating: 0, count: bufferCount)
        for index in 0..<bufferCount { free.push(index) }
    }

    func deallocate() { memory.deallocate() }

    func buffer(_ index: Int) -> UnsafeMutableRawPointer { memory + index * chunkSize }

    var failure: OffloadError? { lock.withLock { storedFailure } }
    var isCancelled: Bool { lock.withLock { cancelled } }

    func fail(_ error: OffloadError) {
        lock.withLock {
            if storedFailure == nil { storedFailure = error }
            cancelled = true
        }
    }

    func setPending(_ index: Int, to users: Int) { lock.withLock { pending[index] = users } }

    func release(_ index: Int) {
        let last = lock.withLock { () -> Bool in
            pending[index] -= 1
            return pending[index] == 0
        }
        if last { free.push(index) }
    }

    /// Reader stage: whole chunks until end of file (or `limit`), an error, or cancellation.
    func readAll(from fd: Int32, path: String, limit: Int64?) {
        defer { filled.close() }
        var remaining = limit ?? Int64.max
        while !isCancelled, remaining > 0, let index = free.pop() {
            let base = buffer(index)
            let wanted = Int(min(Int64(chunkSize), remaining))
            var count = 0
            while count < wanted {
                let n = read(fd, base + count, wanted - count)
                if n > 0 { count += n; continue }
                if n == 0 { break }
                if errno == EINTR { continue }
                fail(.errno(errno, call: "read", path: path))
                free.push(index)
                return
            }
            if count == 0 { free.push(index); return }
            remaining -= Int64(count)
            filled.push(Chunk(index: index, count: count))
            if count < wanted { return }
        }
        guard let limit, remaining == 0, !isCancelled else { return }
        // One probe byte past the size seen at open: never more, so a file that keeps growing (or a FIFO
        // that would never end) cannot make the read go on.
        var probe: UInt8 = 0
        while true {
            let n = read(fd, &probe, 1)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { fail(.errno(errno, call: "read", path: path)) }
            if n > 0 {
                fail(OffloadError(
                    .sourceChanged, call: "read", path: path,
                    message: "file changed: it grew beyond the \(limit) bytes it had when opened while it was read (still recording?)"))
            }
            return
        }
    }

    /// Writer stage: writes every chunk in order; after a failure it only returns buffers.
    func writeAll(to fd: Int32, path: String) {
        var offset = 0
        var writtenBack = 0
        while let chunk = toWrite.pop() {
            if !isCancelled {
                let base = UnsafeRawPointer(buffer(chunk.index))
                var written = 0
                while written < chunk.count {
                    let n = write(fd, base + written, chunk.count - written)
                    if n > 0 { written += n; continue }
                    if n < 0 && errno == EINTR { continue }
                    fail(.errno(n < 0 ? errno : ENOSPC, call: "write", path: path))
                    break
                }
                offset += written
                if offset - writtenBack >= writebackInterval {
                    // On Linux, DONTNEED on dirty pages starts their writeback without waiting for it
                    // (sync_file_range is not imported into Swift); the pages stay cached until clean.
                    _ = posix_fadvise(fd, off_t(writtenBack), off_t(offset - writtenBack), POSIX_FADV_DONTNEED)
                    writtenBack = offset
                }
            }
            release(chunk.index)
        }
    }
}
