import Compliance
import Foundation
import Gateway
import Logging
import Offload
import Presentation
import ServiceLifecycle
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Told of every offload's report, on the offload's thread, before the scheduler counts it done (e.g.
/// to queue review proxies of the clips it stored).
public typealias OffloadObserver = @Sendable (Arrival, OffloadReport) -> Void

/// Offloads the devices its arrival sources report, a bounded number at a time, fairly.
///
/// Devices wait in one line, first come first served. An offload runs `Gateway.offload` on a thread of
/// its own (it blocks). Once it has copied `slice_bytes` while another device waits, it is asked to stop
/// after its current recording and its device goes to the back of the line: every docked device makes
/// progress however many there are, and its next turn costs little, since verified recordings are not
/// read again. A device that leaves is dropped from the line, and its running offload stopped (its reads
/// fail meanwhile, and the session says so); when it comes back it queues again and resumes.
///
/// Graceful shutdown (SIGTERM, SIGINT) stops running offloads at their next safe point and waits for
/// them; with `--until-idle` the service ends once every device seen is offloaded and nothing waits.
public final class OffloadScheduler: Service {
    let gateway: Gateway
    let configuration: GatewayConfiguration
    let settings: DaemonSettings
    let sources: [any ArrivalSource]
    let steps: [any DockStep]
    let bays: [DaemonStatus.Bay]
    let observers: [OffloadObserver]
    let metrics: DaemonMetrics
    /// The background work fed by offloads and shown in the status, if the daemon runs it.
    let maintenance: Maintenance?
    /// Paces the web layer's reading work while offloads run.
    let readingBudget: ReadingBudget?
    let logger: Logger
    let startedAt = Date()
    /// Everything the scheduler knows, under one lock: devices, sessions, turns (read by the status too).
    let state: Mutex<State>

    /// The reason a stop for another device's turn gives (recordings left are "not attempted: …").
    static let turnOver = "its turn is over: another device is waiting (it queues again)"
    static let shuttingDown = "the gateway is shutting down (the next start resumes)"
    static let deviceLeft = "the device left"

    public init(gateway: Gateway, configuration: GatewayConfiguration, settings: DaemonSettings,
                sources: [any ArrivalSource], steps: [any DockStep] = [], bays: [DaemonStatus.Bay] = [],
                observers: [OffloadObserver] = [], metrics: DaemonMetrics, maintenance: Maintenance? = nil, readingBudget: ReadingBudget? = nil, logger: Logger) {
        self.gateway = gateway
        self.configuration = configuration
        self.settings = settings
        self.sources = sources
        self.steps = steps
        self.bays = bays
        self.observers = observers
        self.metrics = metrics
        self.maintenance = maintenance
        self.readingBudget = readingBudget
        self.logger = logger
        state = Mutex(State(unsettled: Set(sources.indices)))
    }

    struct State {
        var devices: [Arrival.Source: DeviceEntry] = [:]
        /// Devices in the order they first arrived (the status lists them so).
        var order: [Arrival.Source] = []
        var waiting: [Arrival.Source] = []
        var running: [Arrival.Source: RunningOffload] = [:]
        var sessions: [Int: SessionEntry] = [:]
        var nextSession = 0
        /// Sources that have not yet reported every device present at their start.
        var unsettled: Set<Int>
        var stopping = false
        var finished = false
        var done: CheckedContinuation<Void, Never>?
        /// Serial → health status, as the catalog judged it after the device's last offload.
        var health: [String: String] = [:]
        var healthCounts: [String: Int] = [:]
        var listening: String?
        /// Recorders switched to storage mode, by port path: their volume is offloaded as them, and a turn
        /// after the first (the slot given to another device meanwhile) goes on with that volume.
        var followed: [String: RecorderDocking] = [:]
    }

    struct DeviceEntry {
        var arrival: Arrival
        var state: String
        var arrivedAt: Date
        var serial: String?
        var model: String?
        var error: String?
        var present = true
        /// It left and came back while its offload ran: it queues again when that ends.
        var returned = false
        var offloaded = false
    }

    struct RunningOffload {
        let control: OffloadControl
        let session: Int
        var yielded = false
    }

    struct SessionEntry {
        var id: String?
        let device: Arrival.Source
        var serial: String?
        var state = "starting"
        let startedAt = Date()
        var endedAt: Date?
        var bytesDone: Int64 = 0
        var bytesTotal: Int64?
        var currentFile: String?
        var stored = 0
        var alreadyStored = 0
        var failed = 0
        var error: String?
        var clips: [DaemonStatus.Clip] = []
    }

    /// Sessions kept for the status (the catalog keeps them all).
    static let sessionsKept = 500

    // MARK: running

    public func run() async throws {
        var streams: [(Int, AsyncStream<ArrivalEvent>)] = []
        for (index, source) in sources.enumerated() {
            do {
                streams.append((index, try source.events()))
            } catch {
                throw DaemonError("\(source.name): \(error)")
            }
            logger.info("\(source.name): watching")
        }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for (index, stream) in streams {
                    group.addTask {
                        for await event in stream { self.handle(event, from: index) }
                        self.handle(.settled, from: index)
                    }
                }
                self.checkDone()
                await self.untilDone()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.shutDown()
        }
    }

    /// Devices not offloaded when the service ended (failed, left, or stopped), for `--until-idle`'s exit.
    public func notOffloaded() -> [String] {
        state.withLock { s in
            s.order.compactMap { source in
                guard let entry = s.devices[source], !entry.offloaded else { return nil }
                return source.label + ": " + (entry.error ?? entry.state)
            }
        }
    }

    /// Whether the service was asked to stop (SIGTERM, SIGINT).
    public var stopped: Bool { state.withLock { $0.stopping } }

    /// Where the status server listens, once it does.
    func listening(at address: String) {
        state.withLock { $0.listening = address }
    }

    func handle(_ event: ArrivalEvent, from source: Int) {
        let starts: [(Arrival, OffloadControl)] = state.withLock { s in
            switch event {
            case .settled:
                s.unsettled.remove(source)
            case .arrived(let arrival):
                arrived(arrival, &s)
            case .left(let gone):
                left(gone, &s)
            }
            return pump(&s)
        }
        start(starts)
        checkDone()
    }

    private func arrived(_ arrival: Arrival, _ s: inout State) {
        // The volume a recorder being docked switched into: its offload is that recorder's.
        if case .volume(let url) = arrival.source, let port = arrival.usbPortPath,
           s.running[.recorder(portPath: port)] != nil || s.followed[port]?.volume.path == url.path {
            logger.info("\(arrival.place): the volume of recorder:\(port), offloaded as that recorder")
            return
        }
        logger.info("\(arrival.place): arrived")
        // A recorder in its own mode again: whatever volume it became before is not what it holds now.
        if case .recorder(let port) = arrival.source { s.followed[port] = nil }
        if var entry = s.devices[arrival.source] {
            entry.arrival = arrival
            entry.present = true
            entry.arrivedAt = Date()
            entry.offloaded = false
            entry.error = nil
            if s.running[arrival.source] != nil {
                entry.returned = true
            } else {
                entry.state = "queued"
                if !s.waiting.contains(arrival.source) { s.waiting.append(arrival.source) }
            }
            s.devices[arrival.source] = entry
        } else {
            s.devices[arrival.source] = DeviceEntry(arrival: arrival, state: "queued", arrivedAt: Date(), serial: arrival.serial)
            s.order.append(arrival.source)
            s.waiting.append(arrival.source)
        }
    }

    private func left(_ gone: Arrival.Source, _ s: inout State) {
        // A followed recorder's volume unmounted: what comes at that port next is another device's.
        if case .volume(let url) = gone {
            s.followed = s.followed.filter { $0.value.volume.path != url.path }
        }
        guard var entry = s.devices[gone] else { return }
        logger.info("\(entry.arrival.place): left")
        entry.present = false
        entry.returned = false
        s.waiting.removeAll { $0 == gone }
        if let running = s.running[gone] {
            running.control.stop(because: Self.deviceLeft)
        } else if !entry.offloaded {
            entry.state = "left"
        }
        s.devices[gone] = entry
    }

    /// Offloads to start now: devices from the front of the line while slots are free. Runs after every
    /// change of the running offloads (arrivals, departures, ends), so the background work hears each.
    private func pump(_ s: inout State) -> [(Arrival, OffloadControl)] {
        var starts: [(Arrival, OffloadControl)] = []
        while !s.stopping, s.running.count < settings.concurrency, !s.waiting.isEmpty {
            let source = s.waiting.removeFirst()
            guard var entry = s.devices[source], entry.present else { continue }
            let number = s.nextSession
            s.nextSession += 1
            s.sessions[number] = SessionEntry(device: source, serial: entry.serial)
            if s.sessions.count > Self.sessionsKept, let oldest = s.sessions.filter({ $0.value.endedAt != nil }).keys.min() {
                s.sessions[oldest] = nil
            }
            let control = OffloadControl { [weak self] event in self?.progress(event, source: source, session: number) }
            s.running[source] = RunningOffload(control: control, session: number)
            entry.state = "offloading"
            s.devices[source] = entry
            starts.append((entry.arrival, control))
        }
        // Told under the lock, so two offloads ending at once cannot tell it out of order.
        maintenance?.offloadsRunning(s.running.count)
        readingBudget?.offloadsRunning(s.running.count)
        return starts
    }

    private func start(_ starts: [(Arrival, OffloadControl)]) {
        for (arrival, control) in starts {
            logger.info("\(arrival.place): offload started")
            let thread = Thread { [self] in offload(arrival, control: control) }
            thread.name = "recgate offload"
            // The offload runs as the command line's does, on a thread with a main thread's stack.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// One device's turn, on its own thread: the dock steps, then the offload.
    private func offload(_ arrival: Arrival, control: OffloadControl) {
        for step in steps where step.applies(to: arrival) {
            do {
                try step.run(arrival, gateway: gateway)
            } catch {
                logger.warning("\(arrival.place): \(step.name) failed: \(error)")
            }
        }
        let release = settings.release == .afterVerify
        let request: OffloadRequest
        var docked: RecorderDocking?
        switch arrival.source {
        case .volume(let url):
            request = OffloadRequest(volume: url, deviceSerial: arrival.serial, digests: configuration.digests, release: release)
        case .camera(let port):
            request = OffloadRequest(camera: port, deviceSerial: arrival.serial, digests: configuration.digests, release: release)
        case .recorder(let port):
            // Logged in, switched, and its volume offloaded as this recorder (its serial, its bay).
            var logger = logger
            logger[metadataKey: "bay"] = "\(arrival.bay.map(String.init) ?? "unknown")"
            do {
                let earlier = state.withLock { $0.followed[port] }
                let recorder: RecorderDocking
                if let earlier, RecorderVolumeFollower.mounted(at: port) == earlier.volume {
                    recorder = earlier
                } else {
                    recorder = try gateway.dock(recorder: port, logger: logger)
                    state.withLock { $0.followed[port] = recorder }
                }
                docked = recorder
                request = OffloadRequest(volume: recorder.volume, deviceSerial: recorder.serial, digests: configuration.digests,
                                         release: release)
            } catch {
                finish(arrival.source, result: .failure(error), health: nil)
                return
            }
        }
        let result = Result { try gateway.offload(request, configuration: configuration, control: control) }
        if case .success(let report) = result {
            // A recorder's clock cannot be read: its newest recording bounds it.
            if let docked {
                do { try gateway.recordClockBound(docked, report: report, logger: logger) } catch {
                    logger.warning("\(arrival.place): its clock bound was not recorded: \(error)")
                }
            }
            for observer in observers { observer(arrival, report) }
        }
        // The catalog judges the device again now its offload is recorded.
        let health = try? gateway.deviceHealth()
        finish(arrival.source, result: result, health: health.map { list in
            Dictionary(list.map { ($0.serial, $0.status.rawValue) }, uniquingKeysWith: { a, _ in a })
        })
    }

    private func progress(_ event: OffloadControl.Event, source: Arrival.Source, session: Int) {
        state.withLock { s in
            guard var entry = s.sessions[session] else { return }
            switch event {
            case .sessionBegan(let id, let serial, let model, let total, _):
                entry.id = id
                entry.serial = serial
                entry.bytesTotal = total
                entry.state = "running"
                s.devices[source]?.serial = serial
                s.devices[source]?.model = model
            case .copying(let path, _):
                entry.currentFile = path
            case .advanced(let bytes):
                entry.bytesDone += Int64(bytes)
                metrics.bytes.increment(by: Int64(bytes))
                if entry.bytesDone >= settings.sliceBytes, !s.waiting.isEmpty, var running = s.running[source], !running.yielded {
                    running.yielded = true
                    s.running[source] = running
                    running.control.stop(because: Self.turnOver)
                }
            }
            s.sessions[session] = entry
        }
    }

    private func finish(_ source: Arrival.Source, result: Result<OffloadReport, any Error>, health: [String: String]?) {
        let starts: [(Arrival, OffloadControl)] = state.withLock { s in
            guard let running = s.running.removeValue(forKey: source), var session = s.sessions[running.session],
                  var entry = s.devices[source]
            else { return [] }
            if let health {
                s.health = health
                s.healthCounts = health.values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
            }
            session.endedAt = Date()
            session.currentFile = nil
            let place = entry.arrival.place
            switch result {
            case .failure(let error):
                session.state = "failed"
                session.error = "\(error)"
                entry.state = "failed"
                entry.error = "\(error)"
                metrics.failures.increment()
                logger.error("\(place): failed: \(error)")
            case .success(let report):
                session.id = report.sessionID
                session.serial = report.device.serial
                session.stored = report.stored
                session.alreadyStored = report.alreadyStored
                session.failed = report.failed
                session.error = report.error
                session.clips = report.clips.filter { $0.status == .stored }.map {
                    DaemonStatus.Clip(path: $0.path, size: $0.size, sha256: $0.sha256, store_path: $0.storePath)
                }
                entry.serial = report.device.serial
                let stop = running.control.stopReason
                // Interrupted as the catalog has it: stopped, and every recording not stored only not attempted.
                let interrupted = !report.succeeded && stop.map { reason in
                    report.error == reason && report.clips.allSatisfy { $0.status != .failed || $0.error == "not attempted: \(reason)" }
                } ?? false
                session.state = report.succeeded ? "completed" : interrupted ? "interrupted" : "failed"
                metrics.count(report, outcome: session.state)
                let counts = "\(report.stored) clips stored, \(report.alreadyStored) already stored, \(report.failed) failed"
                    + (settings.release == .afterVerify ? ", \(report.released) released" : "")
                if report.succeeded {
                    entry.state = "offloaded"
                    entry.offloaded = true
                    entry.error = nil
                    logger.info("\(place): offloaded: \(counts)")
                } else if interrupted && running.yielded && entry.present && !s.stopping {
                    entry.state = "queued"
                    s.waiting.append(source)
                    logger.info("\(place): gave its slot to the next device after \(session.bytesDone) bytes: \(counts)")
                } else if interrupted {
                    entry.state = "interrupted"
                    entry.error = stop
                    logger.info("\(place): stopped (\(stop ?? "")): \(counts)")
                } else {
                    entry.state = "failed"
                    entry.error = report.error ?? "\(report.failed) recording\(report.failed == 1 ? "" : "s") failed"
                    logger.error("\(place): failed: \(entry.error ?? ""): \(counts)")
                }
            }
            if !entry.present && !entry.offloaded {
                entry.state = "left"
            }
            if entry.returned {
                entry.returned = false
                if !entry.offloaded && !s.stopping {
                    entry.state = "queued"
                    if !s.waiting.contains(source) { s.waiting.append(source) }
                }
            }
            s.sessions[running.session] = session
            s.devices[source] = entry
            return pump(&s)
        }
        start(starts)
        checkDone()
    }

    private func shutDown() {
        state.withLock { s in
            s.stopping = true
            s.waiting.removeAll()
            if !s.running.isEmpty { logger.info("stopping: \(s.running.count) offload(s) finish their current recording") }
            for running in s.running.values { running.control.stop(because: Self.shuttingDown) }
        }
        checkDone()
    }

    /// Resumes `untilDone` when the work is over: stopping with nothing running, or, `--until-idle`,
    /// every source settled, nothing running and nothing waiting.
    private func checkDone() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { s in
            let idle = s.running.isEmpty && (s.stopping || (settings.untilIdle && s.unsettled.isEmpty && s.waiting.isEmpty))
            guard idle, !s.finished else { return nil }
            s.finished = true
            defer { s.done = nil }
            return s.done
        }
        waiter?.resume()
    }

    private func untilDone() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { s in
                    if s.finished { return true }
                    s.done = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Void, Never>? = state.withLock { s in
                s.finished = true
                defer { s.done = nil }
                return s.done
            }
            waiter?.resume()
        }
    }
}
