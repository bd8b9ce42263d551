/// The newest storage figures the device reported: free space against capacity.
public struct StorageProbe: HealthProbe {
    public let name = "storage"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        guard let report = history.conditions.last(where: { $0.storageTotal != nil && $0.storageFree != nil }),
              let total = report.storageTotal, let free = report.storageFree else {
            return result(.unknown, "the device has never reported its storage")
        }
        let text = HealthText(zone: history.zone)
        guard total > 0 else { return result(.fault, "the device reported no storage capacity at \(text.time(report.observedAt)): check its card") }
        let percent = Int((Double(free) / Double(total) * 100).rounded(.down))
        let figures = "\(Self.megabytes(free)) free of \(Self.megabytes(total)) (\(percent) %) at \(text.time(report.observedAt))"
        if percent <= thresholds.storageFreeWarningPercent {
            return result(.warning, "storage nearly full: \(figures); offload and release it, or recordings may be overwritten or refused")
        }
        return result(.ok, figures)
    }

    static func megabytes(_ bytes: Int64) -> String { "\(bytes / 1_000_000) MB" }
}
