import Compliance
import DeviceKit
import Evidence
import Foundation

/// Clock readings from the catalog's `clock_observation` table.
public struct CatalogClockReadings: ClockObservationSource {
    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// A stored reading whose device time no longer parses is skipped: the catalog only stores what
    /// `LocalTimestamp` wrote.
    public func observations(device: String) throws -> [ClockObservation] {
        try catalog.clockObservations(deviceSerial: device).compactMap { row in
            guard let time = LocalTimestamp(catalogText: row.deviceTime),
                  let source = ObservationSource(rawValue: row.source) else { return nil }
            return ClockObservation(device: row.deviceSerial, deviceTime: time,
                                    gatewayTime: Date(timeIntervalSince1970: row.gatewayS), source: source,
                                    clockSet: row.clockSet)
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
        let parts = text.split(whereSeparator: { "-T:".contains($0) }).map { Int($0) }
        guard text.count == 19, parts.count == 6, let y = parts[0], let mo = parts[1], let d = parts[2],
              let h = parts[3], let mi = parts[4], let s = parts[5] else { return nil }
        self.init(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
        guard isCalendarTime else { return nil }
    }
}
