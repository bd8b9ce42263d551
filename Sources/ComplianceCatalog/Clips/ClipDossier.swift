import Evidence
import Foundation

/// Everything the catalog holds about one clip: what a search shows of it, every probe of it, where
/// and when it was seen, who had its device while it recorded, the clock readings its correction rests
/// on, what was made from it and every audit entry naming it.
public struct ClipDossier: Sendable {
    public var clip: FoundClip
    /// Every probe, oldest first (the last is the verdict).
    public var media: [ClipMediaRow]
    /// Every sighting with its device's serial, oldest first.
    public var sightings: [(row: SightingRow, device: String)]
    /// Custody periods of its device overlapping its corrected recording span.
    public var custody: [CustodyRow]
    /// The readings of its device's clock the correction of its start and end rests on, oldest first.
    public var clockReadings: [ClockObservationRow]
    public var derived: [DerivedRow]
    /// Entries whose object is the clip or whose digest is its sha256, oldest first.
    public var audit: [AuditEntry]
}

extension ClipFinder {
    /// The clip with this id, or the one clip whose sha256 starts with `reference` (at least 8 hex digits);
    /// nil when there is none. Several clips with that prefix are an error listing how to tell them apart.
    public func dossier(_ reference: String) throws -> ClipDossier? {
        try catalog.reading {
            guard let row = try clip(reference) else { return nil }
            let search = Search(finder: self, query: ClipQuery())
            var found: FoundClip?
            if let facts = try catalog.clipFacts(ids: [row.id]).first {
                found = try search.candidate(facts)
            } else {
                found = try search.unplacedCandidate(row)
            }
            guard var clip = found else { return nil }
            _ = try search.passesStatus(&clip)
            let sightings = try catalog.sightings(clipID: row.id).map { ($0, try search.serial(deviceID: $0.deviceID)) }
            var custody: [CustodyRow] = []
            if let start = clip.recordedStart, let end = clip.recordedEnd {
                custody = try catalog.custody(deviceSerials: [clip.device], from: Int64(start.rounded(.down)),
                                              to: Int64(end.rounded(.up)))
            }
            let anchors = (clip.corrected.map { $0.start.anchoredBy + $0.end.anchoredBy } ?? []).map(\.wrappedValue.timeIntervalSince1970)
            let readings = try catalog.clockObservations(deviceSerial: clip.device).filter { row in
                anchors.contains { abs($0 - row.gatewayS) < 0.0005 }
            }
            return ClipDossier(clip: clip, media: try catalog.media(clipID: row.id), sightings: sightings, custody: custody,
                               clockReadings: readings, derived: try catalog.derived(clipID: row.id),
                               audit: try catalog.auditEntries(clipID: row.id, sha256: row.sha256))
        }
    }

    /// The clip a reference names: its id, else a unique sha256 prefix of 8 to 64 hex digits.
    public func clip(_ reference: String) throws -> ClipRow? {
        if let row = try catalog.clip(id: reference) { return row }
        let hex = reference.lowercased()
        guard (8...64).contains(hex.count), hex.allSatisfy(\.isHexDigit) else { return nil }
        let ids = try catalog.clipIDs(sha256Prefix: hex, limit: 6)
        guard ids.count <= 1 else {
            throw ClipQueryError(problems: ["\(ids.count > 5 ? "more than 5" : String(ids.count)) clips have a sha256 "
                                            + "starting with \(hex): give more digits or the clip id"])
        }
        return try ids.first.flatMap { try catalog.clip(id: $0) }
    }
}
