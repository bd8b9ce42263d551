import Foundation

/// How long ago the device's clock was last read (at a dock, by hand or from an import).
public struct ClockAgeProbe: HealthProbe {
    public let name = "clock_age"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        guard let last = history.clock.readings.last else {
            return result(.warning, "clock never read: its recordings' times cannot be corrected; read it at the next dock "
                          + "(`recgate camera clock --set`) or record what its screen shows (`recgate clock record`)")
        }
        let text = HealthText(zone: history.zone)
        let age = history.now.timeIntervalSince(last.gatewayTime)
        let when = "last read \(text.time(last.gatewayTime)) (\(last.source.rawValue))"
        if age > Double(thresholds.clockMaxAgeDays) * 86_400 {
            return result(.warning, "clock not read for \(HealthText.duration(age)): \(when), more than "
                          + "\(thresholds.clockMaxAgeDays) days ago; read it at the next dock or record what its screen shows")
        }
        return result(.ok, when)
    }
}
