import Foundation

/// How fast the clock drifts, from the newest reading that gives a rate (the clock model's: from the
/// reading before, or from 0 when the clock was set then), and whether the newest reading shows a reset.
/// A rate is only believed when the change it comes from is larger than the two readings' resolution
/// (a person reading a screen is ±30 s): otherwise it is noise, not drift.
public struct ClockDriftProbe: HealthProbe {
    public let name = "clock_drift"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        let text = HealthText(zone: history.zone)
        let readings = history.clock.readings
        if let last = readings.last, let reset = last.reset {
            return result(.warning, "clock reset (\(reset.rawValue)) found by the reading of \(text.time(last.gatewayTime)): "
                          + "recordings made since the reading before get guessed times; check the device's clock battery")
        }
        guard let index = readings.lastIndex(where: { $0.driftPerDay != nil }), index > 0,
              let drift = readings[index].driftPerDay else {
            return result(.unknown, "no drift rate yet: it needs two clock readings an hour or more apart")
        }
        let reading = readings[index], previous = readings[index - 1]
        let policy = history.clockPolicy
        let change = reading.offset - (previous.clockSet ? 0 : previous.offset)
        let noise = policy.resolution(of: reading.source)
            + (previous.clockSet ? policy.setResolution : policy.resolution(of: previous.source))
        let rate = String(format: "%+.1f s/day", drift)
        let span = "from \(text.time(previous.gatewayTime)) to \(text.time(reading.gatewayTime))"
        guard abs(change) > noise else {
            return result(.ok, "drift \(rate) \(span), within the readings' resolution (±\(HealthText.duration(noise)))")
        }
        if abs(drift) > thresholds.driftWarning {
            return result(.warning, "clock drifts \(rate) \(span), more than \(String(format: "%.1f", thresholds.driftWarning)) s/day: "
                          + "set it at every dock, and have it serviced if it keeps drifting")
        }
        return result(.ok, "drift \(rate) \(span)")
    }
}
