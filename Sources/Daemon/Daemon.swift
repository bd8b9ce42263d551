import Accounts
import Foundation
import Gateway
import Logging
import Offload
import Presentation
import ServiceLifecycle
import Web
#if canImport(Glibc)
import Glibc
#endif

/// `recgate serve`: the home opened once, its arrival sources, the offload scheduler and the status
/// server, run as services under swift-service-lifecycle until SIGTERM or SIGINT (or, `--until-idle`,
/// until everything seen is offloaded).
public final class Daemon: Sendable {
    public let gateway: Gateway
    public let settings: DaemonSettings
    let scheduler: OffloadScheduler
    let maintenance: Maintenance
    /// Paces the web layer's searches and pages while offloads run (`web_cpu_percent_during_offloads`).
    let readingBudget: ReadingBudget
    /// The accounts the web layer signs people in with, on the catalog opened once.
    let accounts: AccountBook
    let logger: Logger
    /// `run/serve.lock`, held while the daemon lives: one daemon a home.
    private let lock: Int32

    /// Opens the home and checks everything the daemon needs before it runs: the configuration (and its
    /// zone), the catalog (created when the home is new), the bays file, the command line's options, the
    /// watched folders, and that no other daemon serves this home. Every problem is an error a person can act on.
    public init(home: GatewayHome, listen: String?, watch: [String], untilIdle: Bool, logger: Logger) throws(DaemonError) {
        let gateway: Gateway
        let bays: [DaemonStatus.Bay]
        do {
            try home.prepare()
            gateway = try Gateway.open(home)
        } catch {
            throw DaemonError("cannot start: \(error)")
        }
        do {
            bays = try gateway.bays()?.bays.map {
                DaemonStatus.Bay(bay: $0.number, label: $0.label, port_path: $0.portPath, device: nil)
            } ?? []
        } catch {
            throw DaemonError("cannot start: \(gateway.baysURL.path): \(error)")
        }
        let configuration: GatewayConfiguration
        do {
            configuration = try gateway.configuration()
            // Created (and migrated, and put in WAL mode) once, here: offloads that start together would
            // otherwise race to create it, and a catalog lost while the store holds objects is refused now.
            _ = try home.openCatalog(configuration)
        } catch {
            throw DaemonError("cannot start: \(error)")
        }
        let settings = try DaemonSettings.resolve(configuration, listen: listen, watch: watch, untilIdle: untilIdle)
        let maintenance: Maintenance
        do {
            maintenance = try Maintenance(gateway: gateway, logger: logger)
        } catch {
            throw DaemonError("cannot start: \(error)")
        }
        self.maintenance = maintenance
        do {
            accounts = try gateway.accounts()
        } catch {
            throw DaemonError("cannot start: \(error)")
        }
        lock = try Self.lockHome(home)
        self.gateway = gateway
        self.settings = settings
        self.logger = logger
        readingBudget = ReadingBudget(percentOfCore: settings.webCPUPercentDuringOffloads)
        scheduler = OffloadScheduler(
            gateway: gateway, configuration: configuration, settings: settings,
            sources: Self.arrivalSources(settings, gateway: gateway), steps: Self.dockSteps(settings, gateway: gateway, logger: logger),
            bays: bays, observers: Self.offloadObservers(settings, gateway: gateway) + [maintenance.offloaded],
            metrics: DaemonMetrics(), maintenance: maintenance, readingBudget: readingBudget, logger: logger)
    }

    deinit {
        close(lock)
    }

    /// Every source of arrivals the daemon listens to: the watched folders' volumes and the cameras (and,
    /// with `device_passwords`, the recorders to log in) USB hotplug brings, each with its bay (the bays
    /// file was checked at start).
    static func arrivalSources(_ settings: DaemonSettings, gateway: Gateway) -> [any ArrivalSource] {
        let bays = try? gateway.bays()
        var sources: [any ArrivalSource] = []
        if !settings.watch.isEmpty { sources.append(WatchedFolders(folders: settings.watch, bays: bays)) }
        // Recorders that wait for a login arrive only where passwords are configured.
        let passwords = (try? gateway.configuration())?.devicePasswords.map { !$0.passwords.isEmpty } ?? false
        sources.append(HotplugArrivals(bays: bays, recorders: passwords))
        return sources
    }

    /// What is done to each device when it docks, before its offload: a camera's clock.
    static func dockSteps(_ settings: DaemonSettings, gateway: Gateway, logger: Logger) -> [any DockStep] {
        [CameraClockStep(logger: logger)]
    }

    /// What is told of each offload's report (derived media queued from the clips stored is added here).
    static func offloadObservers(_ settings: DaemonSettings, gateway: Gateway) -> [OffloadObserver] {
        []
    }

    /// Runs until stopped; the exit status: 0, or 1 when `--until-idle` ends by itself with devices not
    /// offloaded.
    public func run() async throws -> Int32 {
        let home = gateway.home
        let watching = settings.watch.isEmpty ? "no folder watched" : "watching " + settings.watch.map(\.path).joined(separator: ", ")
        logger.info("serving \(home.root.path): \(settings.concurrency) offload(s) at once, release \(settings.release.rawValue), \(watching)")
        let router = try WebServer.router(
            gateway: gateway, live: scheduler,
            accounts: AccountStateMemo(accounts, version: { [catalog = accounts.rows.catalog] in try catalog.dataVersion() }),
            settings: settings.web,
            readers: ReadingWorkers(budget: readingBudget), logger: logger)
        let server = StatusServer.application(router: router, scheduler: scheduler, home: home, listen: settings.listen, logger: logger)
        // Shut down in reverse order: the scheduler first (its offloads stop at a safe point while the
        // server still answers), then the server. Background work (derived media, store re-verification)
        // joins the list before the scheduler, so it stops after the offloads.
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: maintenance),
                .init(service: server),
                .init(service: scheduler, successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        defer { try? FileManager.default.removeItem(at: ServeRecord.url(in: home)) }
        gateway.startBuildingClipIndex(logger: logger)
        try await group.run()
        let left = scheduler.notOffloaded()
        if settings.untilIdle && !scheduler.stopped && !left.isEmpty {
            logger.error("idle with \(left.count) device(s) not offloaded: \(left.joined(separator: "; "))")
            return 1
        }
        logger.info("stopped")
        return 0
    }

    /// Takes `run/serve.lock` (flock, released when the process ends however it ends).
    private static func lockHome(_ home: GatewayHome) throws(DaemonError) -> Int32 {
        let folder = home.root.appendingPathComponent("run")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DaemonError("cannot start: cannot create \(folder.path): \(error)")
        }
        let path = folder.appendingPathComponent("serve.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .errno(errno, call: "open", path: path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno
            close(fd)
            if error == EWOULDBLOCK {
                let pid = (try? ServeRecord.read(in: home)).map { " (pid \($0.pid))" } ?? ""
                throw DaemonError("cannot start: another recgate serve runs in \(home.root.path)\(pid)")
            }
            throw .errno(error, call: "flock", path: path)
        }
        return fd
    }
}
