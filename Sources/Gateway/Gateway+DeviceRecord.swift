import DeviceKit
import Compliance
import Foundation
import HealthProbes
import Offload
import Presentation

extension Gateway {
    /// One device's record for its page: health, sessions, clock readings and reported condition; nil
    /// when the catalog does not know the serial. Read-only, like ``deviceHealth(now:)``.
    public func deviceRecord(serial: String, now: Date = Date()) throws(HealthProblem) -> DeviceRecord? {
        let configuration: GatewayConfiguration
        do { configuration = try self.configuration() } catch { throw .unreadable(error) }
        guard FileManager.default.fileExists(atPath: home.catalogURL.path) else { throw .noCatalog(home.catalogURL) }
        do {
            let catalog = try catalogForReading()
            let reader = HealthReader(catalog: catalog, thresholds: configuration.healthThresholds,
                                      clockPolicy: ClockPolicy(zone: try configuration.zone()))
            return try catalog.reading { () throws -> DeviceRecord? in
                guard let device = try catalog.device(serial: serial) else { return nil }
                let history = try reader.history(of: device, now: now)
                let health = HealthCheck.health(of: history, thresholds: configuration.healthThresholds)
                let utc = { (date: Date) in RFC3339.string(date) }
                return DeviceRecord(
                    health: health,
                    sessions: history.sessions.map {
                        .init(id: $0.id, started_at: utc($0.startedAt), ended_at: $0.endedAt.map(utc), status: $0.status.rawValue,
                              stored: $0.stored, already_stored: $0.alreadyStored, failed: $0.failed, error: $0.error)
                    },
                    clock: history.clock.readings.map {
                        .init(at: utc($0.gatewayTime), device_time: $0.deviceTime.description, offset_s: $0.offset, source: $0.source.rawValue, clock_set: $0.clockSet,
                              drift_s_per_day: $0.driftPerDay)
                    },
                    conditions: history.conditions.map {
                        .init(at: utc($0.observedAt), battery_percent: $0.batteryPercent, storage_total: $0.storageTotal,
                              storage_free: $0.storageFree, firmware: $0.firmware, source: $0.source)
                    })
            }
        } catch {
            throw .unreadable(error)
        }
    }
}
