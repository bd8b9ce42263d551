import Offload
import Prometheus

/// What `GET /metrics` serves, in Prometheus text: counters moved as offloads go, gauges set from the
/// scheduler's state when scraped.
public final class DaemonMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let bytes: Counter
    let clipsStored: Counter
    let clipsAlreadyStored: Counter
    let clipsFailed: Counter
    let failures: Counter
    let released: Counter
    let sessions: [String: Counter]
    let rate: Gauge
    let waiting: Gauge
    let running: Gauge
    let devices: [String: Gauge]
    let health: [String: Gauge]

    static let sessionOutcomes = ["completed", "failed", "interrupted"]
    static let deviceStates = ["queued", "offloading", "offloaded", "failed", "interrupted", "left"]
    static let healthStatuses = ["ok", "unknown", "warning", "fault"]

    public init() {
        let registry = PrometheusCollectorRegistry()
        func counter(_ name: String, _ unit: String, _ help: String, _ labels: [(String, String)] = []) -> Counter {
            registry.makeCounter(descriptor: Self.name(name, unit, help), labels: labels)
        }
        func gauge(_ name: String, _ unit: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
            registry.makeGauge(descriptor: Self.name(name, unit, help), labels: labels)
        }
        bytes = counter("offload_bytes", "total", "Bytes read from devices into the store")
        clipsStored = counter("clips_stored", "total", "Clips stored, verified, new in the store")
        clipsAlreadyStored = counter("clips_already_stored", "total", "Clips found already stored (not copied again)")
        clipsFailed = counter("clips_failed", "total", "Clips not stored (failed or not attempted)")
        failures = counter("offload_failures", "total", "Offloads that could not run or ended failed")
        released = counter("clips_released", "total", "Recordings deleted from devices after verification")
        sessions = Dictionary(uniqueKeysWithValues: Self.sessionOutcomes.map {
            ($0, counter("offload_sessions", "total", "Offload sessions ended, by outcome", [("outcome", $0)]))
        })
        rate = gauge("offload_rate", "bytes_per_second", "Bytes a second of the running offloads together")
        waiting = gauge("queue_waiting", "", "Devices waiting for an offload slot")
        running = gauge("offloads_running", "", "Offloads running now")
        devices = Dictionary(uniqueKeysWithValues: Self.deviceStates.map {
            ($0, gauge("devices", "", "Devices seen by this daemon, by state", [("state", $0)]))
        })
        health = Dictionary(uniqueKeysWithValues: Self.healthStatuses.map {
            ($0, gauge("device_health", "", "Devices in the catalog, by health status", [("status", $0)]))
        })
        self.registry = registry
    }

    /// `recgate_<name>_<unit>`.
    static func name(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "recgate", metricName: name, unitName: unit, helpText: help)
    }

    /// An offload's report, counted once when its session ends.
    func count(_ report: OffloadReport, outcome: String) {
        clipsStored.increment(by: Int64(report.stored))
        clipsAlreadyStored.increment(by: Int64(report.alreadyStored))
        clipsFailed.increment(by: Int64(report.failed))
        released.increment(by: Int64(report.released))
        sessions[outcome]?.increment()
        if outcome == "failed" { failures.increment() }
    }

    /// The Prometheus text, with the gauges set from `snapshot` first.
    func text(_ snapshot: Snapshot) -> String {
        rate.set(snapshot.rate)
        waiting.set(Double(snapshot.waiting))
        running.set(Double(snapshot.running))
        for (state, gauge) in devices { gauge.set(Double(snapshot.devices[state] ?? 0)) }
        for (status, gauge) in health { gauge.set(Double(snapshot.health[status] ?? 0)) }
        return registry.emitToString()
    }

    /// The scheduler's state as the gauges show it.
    struct Snapshot {
        var rate: Double
        var waiting: Int
        var running: Int
        var devices: [String: Int]
        var health: [String: Int]
    }
}
