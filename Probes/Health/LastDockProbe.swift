import Foundation

/// When the device was last docked (an offload began or its clock was read over USB).
public struct LastDockProbe: HealthProbe {
    public let name = "last_dock"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        guard let dock = history.lastDock else { return result(.unknown, "never docked") }
        let text = HealthText(zone: history.zone)
        return result(.ok, "last docked \(text.time(dock)), \(HealthText.duration(history.now.timeIntervalSince(dock))) ago")
    }
}
