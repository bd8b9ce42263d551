import Foundation

/// What the newest offload found on the device: recordings made since the dock before.
public struct RecordingsSinceDockProbe: HealthProbe {
    public let name = "recordings_since_dock"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        guard let newest = history.sessions.last else { return result(.unknown, "never offloaded") }
        let text = HealthText(zone: history.zone)
        return result(.ok, "\(HealthText.plural(newest.stored, "new recording")) (\(newest.alreadyStored) already stored) "
                      + "offloaded at the dock of \(text.time(newest.startedAt))")
    }
}
