import Compliance
import Foundation
import HealthProbes
import Offload

extension Gateway {
    /// Why device health could not be read.
    public enum HealthProblem: Error, CustomStringConvertible {
        /// The home has no catalog: no device was ever offloaded into it (none is created).
        case noCatalog(URL)
        /// The configuration or the catalog could not be read.
        case unreadable(any Error)

        public var description: String {
            switch self {
            case .noCatalog(let url): "no catalog at \(url.path) (no device has been offloaded into this home)"
            case .unreadable(let error): "cannot read device health: \(error)"
            }
        }
    }

    /// The health of every device the catalog knows, judged at `now` with the home's `health_*` lines.
    /// Read from the catalog only (opened read-only, never created): a device need not be docked.
    public func deviceHealth(now: Date = Date()) throws(HealthProblem) -> [DeviceHealth] {
        let configuration: GatewayConfiguration
        do { configuration = try self.configuration() } catch { throw .unreadable(error) }
        guard FileManager.default.fileExists(atPath: home.catalogURL.path) else { throw .noCatalog(home.catalogURL) }
        do {
            let catalog = try catalogForReading()
            let reader = HealthReader(catalog: catalog, thresholds: configuration.healthThresholds,
                                      clockPolicy: ClockPolicy(zone: try configuration.zone()))
            return try reader.health(now: now)
        } catch {
            throw .unreadable(error)
        }
    }
}

extension GatewayConfiguration {
    /// The `health_*` keys over the probes' defaults.
    public var healthThresholds: HealthThresholds {
        var t = HealthThresholds()
        if let v = healthClockMaxAgeDays { t.clockMaxAgeDays = v }
        if let v = healthClockOffsetWarning { t.clockOffsetWarning = v }
        if let v = healthClockOffsetFault { t.clockOffsetFault = v }
        if let v = healthDriftWarning { t.driftWarning = v }
        if let v = healthBatteryWarning { t.batteryWarningPercent = v }
        if let v = healthStorageFreeWarning { t.storageFreeWarningPercent = v }
        if let v = healthFailureRun { t.failureRun = v }
        return t
    }
}
