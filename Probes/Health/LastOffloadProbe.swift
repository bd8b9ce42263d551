import Foundation

/// The last offload that completed, and whether the newest one did.
public struct LastOffloadProbe: HealthProbe {
    public let name = "last_offload"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        guard let newest = history.sessions.last else { return result(.unknown, "never offloaded") }
        let text = HealthText(zone: history.zone)
        let completed = history.sessions.last { $0.status == .completed }
        let success = completed.map { "last successful offload \(text.time($0.endedAt ?? $0.startedAt))" }
            ?? "no offload has completed"
        switch newest.status {
        case .completed:
            return result(.ok, success)
        case .running:
            return result(.ok, "offloading since \(text.time(newest.startedAt)); \(success)")
        case .failed, .interrupted:
            return result(.warning, "the offload of \(text.time(newest.startedAt)) \(newest.status.rawValue)"
                          + (newest.error.map { " (\($0))" } ?? "") + "; \(success); dock it again to finish")
        }
    }
}
