#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Several digests over one read of the bytes: SHA-256 always, plus whatever else is asked for.
///
/// One algorithm runs on the caller's thread and every other one on a dedicated worker thread of its
/// own, handed every large chunk and joined before ``update(_:)`` returns. So hashing SHA-256 and SM3
/// together costs about as much wall time as SM3 alone, and the caller may reuse its buffer the moment
/// `update` returns. With SHA-256 alone no thread is ever created.
///
/// The caller's thread takes the slowest algorithm (SM3 over SHA-256, which has SHA-NI): the workers
/// then finish first, so joining them rarely has to sleep, and the worker's wake-up overlaps with the
/// caller's own hashing. The other way round, every chunk would put two thread wake-ups (worker
/// done, caller resumes; next chunk posted, worker resumes) between one SM3 run and the next.
///
/// Not `Sendable`: a MultiDigest has one owner, which feeds it in order and then finalizes it. Move
/// it between tasks only by handing it over, never by sharing.
public final class MultiDigest {
    /// Chunks smaller than this are hashed on the caller's thread: waking a worker costs a few
    /// microseconds, more than hashing a few KiB, and the thread is not even started until a chunk
    /// this large arrives.
    static let parallelThreshold = 32 * 1024

    /// The algorithms computed, SHA-256 first.
    public let algorithms: [DigestAlgorithm]
    /// The algorithm hashed on the caller's thread, and its running hash.
    private let localAlgorithm: DigestAlgorithm
    private var local: any StreamingDigest
    private let workers: [DigestWorker]
    private var result: DigestSet?

    /// A digest of `algorithms`; SHA-256 is added if missing and duplicates are ignored.
    public init(_ algorithms: [DigestAlgorithm]) {
        let all = DigestAlgorithm.normalized(algorithms)
        let slowest = all.max { $0.relativeCost < $1.relativeCost }!
        self.algorithms = all
        self.localAlgorithm = slowest
        self.local = slowest.makeStreamingDigest()
        self.workers = all.filter { $0 != slowest }.map { DigestWorker(algorithm: $0) }
    }

    deinit {
        // Joins the worker threads of a digest dropped before finalize (finalize already did).
        for worker in workers { worker.stop() }
    }

    /// Adds `bytes` to every digest. Returns when all of them have consumed the bytes.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(result == nil, "MultiDigest.update called after finalize")
        guard !bytes.isEmpty else { return }
        if workers.isEmpty || bytes.count < Self.parallelThreshold {
            local.update(bytes)
            for worker in workers { worker.updateInline(bytes) }
            return
        }
        for worker in workers { worker.start(bytes) }
        local.update(bytes)
        for worker in workers { worker.wait() }
    }

    /// Finishes every digest and stops the workers. Calling it again returns the same set.
    public func finalize() -> DigestSet {
        if let result { return result }
        var values: [DigestAlgorithm: String] = [localAlgorithm: hex(local.finalize())]
        for worker in workers { values[worker.algorithm] = hex(worker.finish()) }
        let set = DigestSet(validated: values)
        result = set
        return set
    }

    /// Digests the file at `path` in one pass, reading it with `read(2)` into one reused buffer of
    /// `chunkSize` bytes. `pace`, when given, is called with each read's byte count before it is hashed
    /// and may block to hold the read rate down (a scheduled re-hash must not take the disk from offloads).
    ///
    /// - Throws: ``DigestError`` naming the failed call (`open`, `read`) and the path.
    public static func digest(
        fileAt path: String, algorithms: [DigestAlgorithm], chunkSize: Int = 1 << 20, pace: ((Int) -> Void)? = nil
    ) throws(DigestError) -> DigestSet {
        guard chunkSize > 0 else {
            throw DigestError(
                code: .invalidArgument, call: "MultiDigest.digest",
                message: "chunk size must be positive, got \(chunkSize)", path: path)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .systemCall("open", errno: errno, path: path) }
        defer { close(fd) }
        #if os(Linux)
        // A hint only: larger read-ahead for a front-to-back read. Its failure changes nothing.
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif

        // Page-aligned, so the kernel can copy into it with whole pages.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 4096)
        defer { buffer.deallocate() }
        let digest = MultiDigest(algorithms)
        while true {
            let n = read(fd, buffer.baseAddress, chunkSize)
            if n > 0 {
                pace?(n)
                digest.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw .systemCall("read", errno: errno, path: path)
            }
        }
        return digest.finalize()
    }
}

/// Spelled out so that the compiler rejects sharing a MultiDigest across concurrency domains, and so
/// that nobody adds a conformance by accident: its worker hand-off assumes a single caller.
@available(*, unavailable)
extension MultiDigest: Sendable {}
