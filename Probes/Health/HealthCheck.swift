/// Every probe, in the order a report lists them.
public enum HealthCheck {
    public static let probes: [any HealthProbe] = [
        BatteryProbe(), StorageProbe(), FirmwareProbe(), ClockOffsetProbe(), ClockAgeProbe(), ClockDriftProbe(),
        LastDockProbe(), LastOffloadProbe(), RecordingsSinceDockProbe(), SequenceGapProbe(), FileIntegrityProbe(),
        FailureProbe(),
    ]

    /// The device's health: every probe's result on its history.
    public static func health(of history: DeviceHistory, thresholds: HealthThresholds) -> DeviceHealth {
        DeviceHealth(serial: history.device.serial, model: history.device.model, profile: history.device.profile,
                     probes: probes.map { $0.check(history, thresholds: thresholds) })
    }
}
