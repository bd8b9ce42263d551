import Evidence
import Foundation
import Logging
import Media
import MediaProbes
import Offload
import Presentation

/// Faststart copies and review proxies of stored clips, made one at a time on one thread at idle CPU and
/// I/O priority (``IdlePriority``), with the cores running offloads leave (``offloadsRunning(_:)``), so an
/// offload never waits for them.
///
/// The work is found in the catalog: every video clip without a faststart copy or proxy linked to it is
/// looked at once (its needs from the probe facts the offload stored, else a probe of the stored object),
/// so a stop loses no work and a restart picks it up. A clip just stored can be handed in with
/// ``submit(sha256:)``. Each derived file goes to `<home>/derived/<kind>/ab/<sha256>.<ext>`, beside the
/// store and never in it, and is catalogued with its recipe, linked to its clip and audited
/// (`derived.made`); it is never taken for evidence.
public final class DerivedQueue: @unchecked Sendable {
    // Sendable proof: every `var` below is read and written only under `condition`'s lock; `gateway`,
    // `policy` and `logger` are immutable and Sendable.

    public let gateway: Gateway
    public let policy: ProxyPolicy
    private let logger: Logger
    private let condition = NSCondition()
    private var pending: [String] = []
    private var queued: Set<String> = []
    /// Clips looked at by this process: not looked at again until a restart.
    private var seen: Set<String> = []
    private var working: String?
    private var counts = (faststart: 0, proxy: 0, notNeeded: 0, failed: 0)
    private var lastError: String?
    private var scanWanted = true
    /// The newest clip the last look at the catalog saw: the next looks only after it (``rescan()``).
    private var scannedMark: Int64 = 0
    /// Offloads running now: a proxy started meanwhile gets the cores they leave (``offloadsRunning(_:)``).
    private var offloads = 0
    /// True while the worker waits for work or for a core (``waitUntilParked()``).
    private var parked = false
    private var stopping = false
    private var thread: IdleThread?
    private var threadID: Int32?
    private var priorityProblem: String?

    /// A queue for `gateway`'s home under `policy` (nil: the home's `proxy_policy`).
    public init(gateway: Gateway, policy: ProxyPolicy? = nil, logger: Logger = Logger(label: "recgate.derived")) throws {
        self.gateway = gateway
        self.policy = try policy ?? gateway.configuration().proxyPolicy
        self.logger = logger
    }

    /// Where derived files of this home go: `<home>/derived`.
    public var root: URL { gateway.derivedRoot }

    /// Starts the worker thread: it removes files a stopped run left half-written, reads the pending
    /// work from the catalog and works through it, then waits for more.
    public func start() {
        condition.withLock {
            guard thread == nil else { return }
            thread = IdleThread(name: "recgate derived") { [self] problem in work(priorityProblem: problem) }
        }
    }

    /// Stops after the clip being worked on and, when `waiting`, waits for that. A process that ends
    /// without waiting (a proxy of a long recording may take minutes) loses nothing: the half-written
    /// file is removed and the clip made again by the next start, since only a finished file is catalogued.
    public func stop(waiting: Bool = true) {
        let running = condition.withLock {
            stopping = true
            condition.broadcast()
            return thread
        }
        if waiting { running?.join() }
    }

    /// Hands in a clip just stored (its SHA-256); one the queue has already looked at is ignored.
    public func submit(sha256: String) {
        condition.withLock {
            enqueue([sha256])
            condition.broadcast()
        }
    }

    /// Asks the worker to look in the catalog for clips stored since its last look that have no derived
    /// files (stored by another process, or handed in by none): a look at only what is new.
    public func rescan() {
        condition.withLock {
            scanWanted = true
            condition.broadcast()
        }
    }

    /// What the queue is doing and has done since it started, for the status document and the metrics.
    public var status: DerivedQueueStatus {
        condition.withLock {
            DerivedQueueStatus(
                policy: policy.rawValue, pending: pending.count, working: working, faststart_made: counts.faststart,
                proxies_made: counts.proxy, not_needed: counts.notNeeded, failed: counts.failed, last_error: lastError,
                held: coresLeft <= 0)
        }
    }

    /// The worker thread's id once it runs (for /proc/self/task/<tid>), and why its priority could not
    /// be lowered, if it could not.
    public var worker: (threadID: Int32?, priorityProblem: String?) {
        condition.withLock { (threadID, priorityProblem) }
    }

    /// Tells the queue how many offloads run now. Each is counted as taking a core (at disk speed an
    /// offload's hashing and I/O do). A proxy started meanwhile gets the cores left, its decoder and
    /// encoder threads sized to them; with no core left the queue starts nothing until one is. Idle
    /// priority alone does not protect the offloads: measured with four offloads on two cores, a proxy
    /// at idle priority on the core they left still slowed them by a fifth (shared caches, memory
    /// bandwidth, and virtual cores that are siblings of one physical core).
    public func offloadsRunning(_ count: Int) {
        condition.withLock {
            offloads = max(count, 0)
            condition.broadcast()
        }
    }

    /// Cores the running offloads leave (called with the lock held).
    private var coresLeft: Int { ProxySettings.availableCores - offloads }

    /// The proxy settings for a clip started now: threads sized to the cores the offloads leave.
    private func proxySettings() -> ProxySettings {
        let (running, left) = condition.withLock { (offloads, coresLeft) }
        guard running > 0 else { return ProxySettings() }
        return ProxySettings(decoderThreads: max(1, left), encoderThreads: max(1, left))
    }

    /// Blocks until the worker waits: for work, or for a core the offloads leave.
    public func waitUntilParked() {
        condition.withLock {
            while !stopping && !parked { condition.wait() }
        }
    }

    /// Blocks until the queue has nothing pending, no scan wanted and no clip in work (or it stopped).
    public func waitUntilIdle() {
        condition.withLock {
            while !stopping && (thread == nil || scanWanted || working != nil || !pending.isEmpty) { condition.wait() }
        }
    }

    // MARK: - The worker

    private func enqueue(_ digests: [String]) {
        for sha256 in digests where !seen.contains(sha256) && !queued.contains(sha256) {
            queued.insert(sha256)
            pending.append(sha256)
        }
    }

    private func work(priorityProblem problem: (any Error)?) {
        condition.withLock {
            threadID = IdlePriority.currentThreadID()
            priorityProblem = problem.map { "\($0)" }
        }
        if let problem { logger.warning("derived media run at normal priority: \(problem)") }
        removeLeftovers()
        while let sha256 = next() {
            let outcome = make(sha256)
            condition.withLock {
                switch outcome {
                case .made(.faststart): counts.faststart += 1
                case .made(.proxy), .made(.contactSheet): counts.proxy += 1
                case .notNeeded: counts.notNeeded += 1
                case .failed(let message):
                    counts.failed += 1
                    lastError = message
                }
                working = nil
                condition.broadcast()
            }
        }
    }

    /// The next clip to work on, scanning the catalog when asked; nil once stopping.
    private func next() -> String? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stopping { return nil }
            if coresLeft <= 0 {
                park()
                continue
            }
            if scanWanted {
                scanWanted = false
                let after = scannedMark
                condition.unlock()
                let (found, mark) = scan(storedAfter: after)
                condition.lock()
                scannedMark = max(scannedMark, mark)
                enqueue(found)
                condition.broadcast()
                continue
            }
            if !pending.isEmpty {
                let sha256 = pending.removeFirst()
                queued.remove(sha256)
                seen.insert(sha256)
                working = sha256
                return sha256
            }
            park()
        }
    }

    /// Waits for a change, saying meanwhile that the worker waits (called with the lock held).
    private func park() {
        parked = true
        condition.broadcast()
        condition.wait()
        parked = false
    }

    /// Video clips of the catalog stored after `mark` without a faststart copy or proxy (none under policy
    /// `none`), and the mark of the newest clip.
    private func scan(storedAfter mark: Int64) -> (digests: [String], mark: Int64) {
        do {
            // A catalog an offload is creating now holds nothing yet (that offload hands its clips in
            // when it ends).
            let pending = try gateway.clipsPendingDerivation(policy: policy, storedAfter: mark)
            return (pending.clips.map(\.sha256), pending.mark)
        } catch {
            logger.error("derived media: cannot read the catalog for pending clips: \(error)")
            return ([], mark)
        }
    }

    enum Outcome: Equatable {
        case made(DerivedFile.Kind)
        case notNeeded
        case failed(String)
    }

    /// Decides what `sha256` needs and makes it, as `recgate derive` does (``Gateway/derive(sha256:policy:)``).
    func make(_ sha256: String) -> Outcome {
        let result = gateway.derive(sha256: sha256, policy: policy, proxy: proxySettings())
        switch result.done {
        case .nothing:
            logger.debug("derived media: \(sha256) needs nothing: \(result.reason)")
            return .notNeeded
        case .failed:
            logger.error("derived media: \(sha256) failed: \(result.reason)")
            return .failed("\(sha256): \(result.reason)")
        case .faststart, .proxy, .recoveredProxy:
            let file = result.derived
            logger.info("derived media: \(result.done.rawValue) of \(sha256) made (\(result.reason)): \(file?.path ?? "")")
            return .made(file?.kind ?? .proxy)
        }
    }

    /// The facts the offload's probe stored for `clip`, else a probe of its stored object now.
    static func facts(of clip: ClipRow, at path: String, in catalog: Catalog) throws -> MediaFacts {
        // As the offload wrote them (SessionContext): dates as ISO 8601.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        for row in try catalog.media(clipID: clip.id) {
            if let facts = try? decoder.decode(MediaFacts.self, from: Data(row.facts.utf8)) { return facts }
        }
        return try MediaProbe.probe(path: path)
    }

    /// Half-written files (`.NAME.partial-…`) a killed run left in the derived folders.
    private func removeLeftovers() {
        // Under the lock `recgate derive` holds while it writes: a half-written file found then is a
        // dead run's.
        do {
            try gateway.withDerivedLock { removeLeftoversHoldingLock() }
        } catch {
            logger.warning("derived media: cannot take the lock of \(root.path): \(error)")
        }
    }

    private func removeLeftoversHoldingLock() {
        guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return }
        for case let url as URL in walk where url.lastPathComponent.hasPrefix(".") && url.lastPathComponent.contains(".partial-") {
            do {
                try FileManager.default.removeItem(at: url)
                logger.notice("derived media: removed \(url.path), left half-written by a stopped run")
            } catch {
                logger.warning("derived media: cannot remove \(url.path): \(error)")
            }
        }
    }
}
