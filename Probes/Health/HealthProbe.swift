/// One aspect of a device's health, judged from its history in the catalog.
public protocol HealthProbe: Sendable {
    /// The name its result carries (`ProbeResult.probe`).
    var name: String { get }
    func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult
}

extension HealthProbe {
    func result(_ status: HealthStatus, _ reason: String) -> ProbeResult {
        ProbeResult(probe: name, status: status, reason: reason)
    }
}
