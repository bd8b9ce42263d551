import Compliance
import DeviceKit
import Evidence
import Foundation

/// The catalog's clips as the checker asks for them: every question is an index range on `clip_time`
/// (device or officer, then device-clock start), never a scan.
public struct CatalogClipSource: ClipSource {
    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    public func clips(devices: Set<String>, officers: Set<String>, overlapping interval: DateInterval) throws
        -> [Compliance.ClipFacts]
    {
        var zones = Zones()
        return try catalog.clipFacts(deviceSerials: devices, officers: officers,
                                     from: Int64(interval.start.timeIntervalSince1970.rounded(.down)),
                                     to: Int64(interval.end.timeIntervalSince1970.rounded(.up)))
            .map { Self.facts($0, zones: &zones) }
    }

    public func clips(device: String, session: String?, sequences: ClosedRange<Int>) throws -> [Compliance.ClipFacts] {
        var zones = Zones()
        return try catalog.clipFacts(deviceSerial: device, sessionID: session, sequences: sequences)
            .map { Self.facts($0, zones: &zones) }
    }

    /// Zones by identifier, looked up once per query (the clips of one query are nearly always of one zone).
    struct Zones {
        private var known: [String: TimeZone] = [:]
        static let utc = TimeZone(identifier: "UTC")!
        static let fallback = TimeZone(identifier: "Asia/Shanghai")!

        mutating func callAsFunction(_ identifier: String) -> TimeZone {
            if let zone = known[identifier] { return zone }
            let zone = TimeZone(identifier: identifier) ?? Self.fallback
            known[identifier] = zone
            return zone
        }
    }

    /// The catalog's row as the checker reads it. Times go back to the wall-clock readings the device
    /// wrote: the name and file-system times were read in the clip's zone, so reading them back in that
    /// zone is exact. The container's creation_time is passed as its UTC digits with the way its device
    /// writes them, as the catalog has learnt from the device's clips (ISO BMFF says UTC; many recorders
    /// write local digits): unknown until a clip has shown it, and then the checker takes whichever
    /// reading agrees.
    static func facts(_ row: Evidence.ClipFacts, zones: inout Zones) -> Compliance.ClipFacts {
        let zone = zones(row.clip.timeZone)
        let utc = Zones.utc
        return Compliance.ClipFacts(
            id: row.clip.id, device: row.time.deviceSerial, officer: row.clip.officer, session: row.clip.sessionID,
            sequence: row.clip.sequence, locked: row.clip.locked,
            kind: RecordingKind(rawValue: row.clip.kind) ?? .video,
            nameStart: row.clip.nameStart.map { LocalTimestamp(catalogDate: $0, in: zone) },
            containerStart: row.creationTime.map { LocalTimestamp(catalogDate: $0, in: utc) },
            fileTime: row.clip.fsMtime.map { LocalTimestamp(catalogDate: $0, in: zone) },
            fileTimeMarksEnd: true, duration: row.duration,
            integrity: row.integrity.flatMap(ClipIntegrity.init(rawValue:)) ?? .unknown,
            verified: row.clip.status == .verified,
            containerReading: row.containerReading.map { $0 == .utc ? .utc : .localDigits } ?? .unknown)
    }
}
