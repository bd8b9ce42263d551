import Compliance
import ComplianceCatalog
import Evidence
import Foundation

/// Device health from the catalog: each device's history read in one snapshot and judged by every probe.
public struct HealthReader: Sendable {
    public let catalog: Catalog
    public let thresholds: HealthThresholds
    /// The clock model's assumptions (its zone is the one times are written in).
    public let clockPolicy: ClockPolicy

    public init(catalog: Catalog, thresholds: HealthThresholds, clockPolicy: ClockPolicy) {
        self.catalog = catalog
        self.thresholds = thresholds
        self.clockPolicy = clockPolicy
    }

    /// Every device the catalog knows, by serial.
    public func health(now: Date) throws -> [DeviceHealth] {
        try catalog.reading {
            try catalog.devices().map { try health(of: $0, now: now) }
        }
    }

    /// One device's health, nil when the catalog does not know it.
    public func health(serial: String, now: Date) throws -> DeviceHealth? {
        try catalog.reading {
            try catalog.device(serial: serial).map { try health(of: $0, now: now) }
        }
    }

    public func history(of device: DeviceRow, now: Date) throws -> DeviceHistory {
        let readings = try CatalogClockReadings(catalog: catalog).observations(device: device.serial)
        let clock = ClockHistory(device: device.serial, readings: readings.map { ($0, note: nil) }, policy: clockPolicy)
        return DeviceHistory(
            device: device, sessions: try catalog.sessions(deviceID: device.id), clips: try catalog.sessionClips(deviceID: device.id),
            clock: clock, conditions: try catalog.deviceConditions(deviceSerial: device.serial), now: now, clockPolicy: clockPolicy)
    }

    func health(of device: DeviceRow, now: Date) throws -> DeviceHealth {
        HealthCheck.health(of: try history(of: device, now: now), thresholds: thresholds)
    }
}
