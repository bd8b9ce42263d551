import Compliance
import DeviceKit
import Evidence
import Foundation

/// Clock readings from the catalog's `clock_observation` table.
///
/// A device's readings are all of its docks (one a day), and every case that touches the device needs
/// them: read and parsed once per check they cost more than the rest of the check on a catalog of a few
/// months, and grew with the device's history. They are kept per device while the table is unchanged
/// (it is insert-only, so the highest rowid tells; one indexed lookup per call).
public struct CatalogClockReadings: ClockObservationSource {
    public let catalog: Catalog
    private let kept = KeptReadings()

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// A stored reading whose device time no longer parses is skipped: the catalog only stores what
    /// `LocalTimestamp` wrote.
    public func observations(device: String) throws -> [ClockObservation] {
        let version = try catalog.clockObservationsVersion()
        if let readings = kept.readings(of: device, version: version) { return readings }
        let readings = try catalog.clockObservations(deviceSerial: device).compactMap(Self.observation)
        kept.keep(readings, of: device, version: version)
        return readings
    }

    /// A stored row as the checker reads it; nil when its device time or source no longer parses.
    static func observation(_ row: ClockObservationRow) -> ClockObservation? {
        guard let time = LocalTimestamp(catalogText: row.deviceTime),
              let source = ObservationSource(rawValue: row.source) else { return nil }
        return ClockObservation(device: row.deviceSerial, deviceTime: time,
                                gatewayTime: Date(timeIntervalSince1970: row.gatewayS), source: source,
                                clockSet: row.clockSet)
    }
}

/// Parsed readings per device, valid for one version of the table. Shared by copies of the source
/// (checks on several threads); bounded, so a long-running daemon does not keep every device forever.
///
/// `@unchecked Sendable`: `version` and `byDevice` are only read or written while holding `lock`.
final class KeptReadings: @unchecked Sendable {
    private let lock = NSLock()
    private var version: Int64 = -1
    private var byDevice: [String: [ClockObservation]] = [:]
    static let limit = 4096

    func readings(of device: String, version: Int64) -> [ClockObservation]? {
        lock.withLock { self.version == version ? byDevice[device] : nil }
    }

    func keep(_ readings: [ClockObservation], of device: String, version: Int64) {
        lock.withLock {
            if self.version != version || byDevice.count >= Self.limit {
                byDevice = [:]
                self.version = version
            }
            byDevice[device] = readings
        }
    }
}

extension NewClockObservation {
    /// A reading to store.
    public init(_ observation: ClockObservation, note: String? = nil) {
        self.init(deviceSerial: observation.device, deviceTime: observation.deviceTime.description,
                  gatewayTime: observation.gatewayTime, source: observation.source.rawValue,
                  clockSet: observation.clockSet, note: note)
    }
}

extension LocalTimestamp {
    /// Parses `YYYY-MM-DDThh:mm:ss`, the form `description` writes and the catalog keeps.
    public init?(catalogText text: String) {
        guard let reading = DeviceTimeText.fields(text), reading.isCalendarTime else { return nil }
        self = reading
    }
}
