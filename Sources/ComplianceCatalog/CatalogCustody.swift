import Compliance
import Evidence
import Foundation

/// Custody from the catalog's `custody` table (indexed by officer and by device).
public struct CatalogCustody: CustodySource {
    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    public func records(officers: Set<String>, overlapping interval: DateInterval) throws -> [CustodyRecord] {
        guard !officers.isEmpty else { return [] }
        let (from, to) = Self.seconds(interval)
        return try catalog.custody(officers: officers, from: from, to: to).map(Self.record)
    }

    public func records(device: String, overlapping interval: DateInterval) throws -> [CustodyRecord] {
        let (from, to) = Self.seconds(interval)
        return try catalog.custody(deviceSerials: [device], from: from, to: to).map(Self.record)
    }

    static func seconds(_ interval: DateInterval) -> (Int64, Int64) {
        (Int64(interval.start.timeIntervalSince1970.rounded(.down)), Int64(interval.end.timeIntervalSince1970.rounded(.up)))
    }

    static func record(_ row: CustodyRow) -> CustodyRecord {
        CustodyRecord(officer: row.officer, device: row.deviceSerial,
                      from: Date(timeIntervalSince1970: TimeInterval(row.fromS)),
                      to: row.toS.map { Date(timeIntervalSince1970: TimeInterval($0)) })
    }
}

extension NewCustody {
    /// A record read from a custody file, to store.
    public init(_ record: CustodyRecord) {
        self.init(officer: record.officer, deviceSerial: record.device, from: record.from, to: record.to)
    }
}
