import ArgumentParser
import Compliance
import Foundation
import HealthProbes
import Offload

extension DevicesCommand {
    /// `devices --health`: every device the catalog knows, each probe's status and reason, and the
    /// worst of them. Read from the catalog only (no USB): a device need not be docked to be judged.
    /// Exit 1 when the home or its catalog cannot be read; the statuses do not change the exit code.
    func runHealth() throws {
        let home = options.resolved
        let reports: [DeviceHealth]
        do {
            let configuration = try GatewayConfiguration.load(from: home)
            guard FileManager.default.fileExists(atPath: home.catalogURL.path) else {
                Output.error("no catalog at \(home.catalogURL.path) (no device has been offloaded into this home)")
                throw ExitCode.failure
            }
            let catalog = try home.openCatalogForReading(configuration)
            let reader = HealthReader(catalog: catalog, thresholds: configuration.healthThresholds,
                                      clockPolicy: ClockPolicy(zone: try configuration.zone()))
            reports = try reader.health(now: Date())
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Output.error("cannot read device health: \(error)")
            throw ExitCode.failure
        }
        if json {
            try Output.json(reports)
            return
        }
        if reports.isEmpty { Output.line("no devices in the catalog") }
        for device in reports {
            Output.line([device.serial, device.model ?? "-", device.status.rawValue.uppercased()].joined(separator: "\t"))
            for probe in device.probes {
                Output.line("  \(probe.probe)\t\(probe.status.rawValue)\t\(probe.reason)")
            }
        }
    }
}

extension GatewayConfiguration {
    /// The `health_*` keys over the probes' defaults.
    var healthThresholds: HealthThresholds {
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
