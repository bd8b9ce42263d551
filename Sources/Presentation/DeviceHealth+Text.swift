import HealthProbes

extension DeviceHealth {
    /// `devices --health` as text: the device and its worst status, then each probe indented.
    public static func lines(_ reports: [DeviceHealth]) -> [String] {
        if reports.isEmpty { return ["no devices in the catalog"] }
        return reports.flatMap { device in
            [[device.serial, device.model ?? "-", device.status.rawValue.uppercased()].joined(separator: "\t")]
                + device.probes.map { "  \($0.probe)\t\($0.status.rawValue)\t\($0.reason)" }
        }
    }
}
