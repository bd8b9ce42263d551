import DeviceKit
import Compliance
import Foundation
import Gateway
import Logging
import Offload
import Presentation
import Prometheus
import ServiceLifecycle

/// The daemon's background work, each on a thread of its own at idle priority so offloads never wait
/// for it: faststart copies and review proxies of stored clips (``DerivedQueue``, per `proxy_policy`) and
/// the scheduled re-hash of the store (``StoreReverification``).
///
/// The queue reads its pending work from the catalog when it starts, each offload hands it the clips
/// it stored, and every `derived_rescan_seconds` it looks for clips another process stored since. At
/// shutdown neither is waited for: a proxy or a re-hash under way may take minutes or hours, and
/// stopping them mid-way loses nothing (see their `stop(waiting:)`).
public final class Maintenance: Service, Sendable {
    let derived: DerivedQueue
    let reverification: StoreReverification
    /// How often the queue looks for clips stored by another process (`derived_rescan_seconds`).
    let rescanInterval: Duration
    private let registry: PrometheusCollectorRegistry
    private let pending: Gauge
    private let made: [String: Gauge]
    private let derivedFailures: Gauge
    private let lastRun: Gauge
    private let lastChecked: Gauge
    private let lastProblems: Gauge
    private let gateway: Gateway
    private let pageEntries: [String: Gauge]

    init(gateway: Gateway, logger: Logger) throws {
        self.gateway = gateway
        derived = try DerivedQueue(gateway: gateway, logger: logger)
        reverification = try StoreReverification(gateway: gateway, logger: logger)
        rescanInterval = .seconds(try gateway.configuration().derivedRescanSeconds ?? GatewayConfiguration.defaultDerivedRescanSeconds)
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        pending = registry.makeGauge(name: "recgate_derived_pending", help: "Stored clips waiting for the derived-media queue")
        made = Dictionary(uniqueKeysWithValues: ["faststart", "proxy"].map {
            ($0, registry.makeGauge(name: "recgate_derived_made", labels: [("kind", $0)],
                                    help: "Derived files made since the daemon started, by kind"))
        })
        derivedFailures = registry.makeGauge(name: "recgate_derived_failed", help: "Clips the derived-media queue could not make a file of")
        lastRun = registry.makeGauge(
            name: "recgate_store_reverified_timestamp_seconds", help: "When the last scheduled re-hash of the store ended (0: none yet)")
        lastChecked = registry.makeGauge(name: "recgate_store_reverified_clips", help: "Clips the last scheduled re-hash checked")
        lastProblems = registry.makeGauge(
            name: "recgate_store_reverified_problems", help: "Problems the last scheduled re-hash found (missing, other bytes, unreadable …)")
        pageEntries = Dictionary(uniqueKeysWithValues: ["memory", "catalog"].map {
            ($0, registry.makeGauge(name: "recgate_clip_search_entries", labels: [("from", $0)],
                                    help: "Clips the search's pages showed since the daemon started: written from memory, or read from the catalog"))
        })
    }

    public func run() async throws {
        derived.start()
        reverification.start()
        // A look at the clips stored since the last one (a query of what is new only) until shutdown.
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: self.rescanInterval)
                self.derived.rescan()
            }
        }
        derived.stop(waiting: false)
        reverification.stop(waiting: false)
    }

    /// After an offload (an ``OffloadObserver``): the clips it stored go to the derived-media queue.
    @Sendable func offloaded(_ arrival: Arrival, _ report: OffloadReport) {
        for clip in report.clips where clip.status == .stored {
            if let sha256 = clip.sha256 { derived.submit(sha256: sha256) }
        }
    }

    /// How many offloads run now (the scheduler tells each change): the derived-media queue goes on at idle
    /// priority with its threads sized to the cores the offloads leave (see ``DerivedQueue/offloadsRunning(_:)``).
    func offloadsRunning(_ count: Int) {
        derived.offloadsRunning(count)
    }

    /// The Prometheus text of the background work, set from its state now.
    func metricsText() -> String {
        let queue = derived.status
        pending.set(Double(queue.pending))
        made["faststart"]?.set(Double(queue.faststart_made))
        made["proxy"]?.set(Double(queue.proxies_made))
        derivedFailures.set(Double(queue.failed))
        let last = reverification.status.last
        lastRun.set(last.flatMap { try? RFC3339.parse($0.ended_at).get() }?.timeIntervalSince1970 ?? 0)
        lastChecked.set(Double(last?.checked ?? 0))
        lastProblems.set(Double(last?.problems ?? 0))
        let entries = gateway.clipPageEntryCounts
        pageEntries["memory"]?.set(Double(entries?.fromMemory ?? 0))
        pageEntries["catalog"]?.set(Double(entries?.fromCatalog ?? 0))
        return registry.emitToString()
    }
}
