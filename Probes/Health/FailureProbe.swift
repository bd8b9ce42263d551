import Foundation

/// Offloads that failed in a row, newest first: a device (or its cable or card) that keeps failing.
/// An interrupted offload is the gateway's stop, not the device's failure, and does not count.
public struct FailureProbe: HealthProbe {
    public let name = "failures"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        guard !history.sessions.isEmpty else { return result(.unknown, "never offloaded") }
        let judged = history.sessions.filter { $0.status != .interrupted && $0.status != .running }
        let run = judged.reversed().prefix { $0.status == .failed }
        let files = run.reduce(0) { $0 + $1.failed }
        guard let latest = run.first else {
            return result(.ok, "the newest offload did not fail")
        }
        let text = HealthText(zone: history.zone)
        let what = "\(HealthText.plural(run.count, "failed offload")) in a row (\(HealthText.plural(files, "file")) not copied), "
            + "the newest at \(text.time(latest.startedAt))" + (latest.error.map { ": \($0)" } ?? "")
        if run.count >= thresholds.failureRun {
            return result(.fault, "\(what); check the cable and the card, and keep the device until it offloads")
        }
        return result(.warning, "\(what); dock it again")
    }
}
