/// The newest battery level the device reported (a camera reports it when a command reads it).
public struct BatteryProbe: HealthProbe {
    public let name = "battery"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        guard let report = history.conditions.last(where: { $0.batteryPercent != nil }),
              let percent = report.batteryPercent else {
            return result(.unknown, "the device has never reported its battery")
        }
        let text = HealthText(zone: history.zone)
        let at = "\(percent) % at \(text.time(report.observedAt))"
        if percent <= thresholds.batteryWarningPercent {
            return result(.warning, "battery low: \(at) (at or below \(thresholds.batteryWarningPercent) %); "
                          + "charge it before issuing the device, and replace the battery if it keeps coming back low")
        }
        return result(.ok, "battery \(at)")
    }
}
