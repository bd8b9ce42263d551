/// The firmware the device last reported, and when it changed.
public struct FirmwareProbe: HealthProbe {
    public let name = "firmware"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        let reports = history.conditions.filter { $0.firmware != nil }
        guard let newest = reports.last, let firmware = newest.firmware else {
            return result(.unknown, "the device has never reported its firmware")
        }
        let text = HealthText(zone: history.zone)
        // A change matters to the keeper: a new firmware may write times or names differently.
        if let previous = reports.last(where: { $0.firmware != firmware }), let old = previous.firmware {
            let changed = reports.first { $0.firmware == firmware && $0.observedAt > previous.observedAt } ?? newest
            return result(.ok, "firmware \(firmware) (was \(old) until \(text.time(changed.observedAt)))")
        }
        return result(.ok, "firmware \(firmware)")
    }
}
