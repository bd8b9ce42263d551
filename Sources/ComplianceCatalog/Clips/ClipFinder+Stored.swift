import Evidence
import Foundation

extension ClipFinder {
    /// Clips by when the store received them (`created_at`, then id), after the cursor, at most one more
    /// than the limit: read from the index in batches and filtered (a time filter corrects each).
    func storedPage(search: Search, after cursor: ClipCursor?) throws -> [(clip: FoundClip, key: ClipCursor.Key)] {
        let query = search.query
        var deviceID: String?
        if let serial = query.device {
            guard let device = try catalog.device(serial: serial) else { return [] }
            deviceID = device.id
        }
        var position: (createdAt: String, id: String)?
        if let cursor, case .stored(let created) = cursor.key { position = (created, cursor.id) }
        var found: [(clip: FoundClip, key: ClipCursor.Key)] = []
        let batch = max(search.wanted, 100)
        while found.count < search.wanted {
            let rows = try catalog.clipIDsByStored(deviceID: deviceID, officer: query.officer, after: position,
                                                   descending: query.sort.descending, limit: batch)
            let placed = Dictionary(try catalog.clipFacts(ids: rows.map(\.id)).map { ($0.clip.id, $0) },
                                    uniquingKeysWith: { first, _ in first })
            for row in rows where found.count < search.wanted {
                var candidate: FoundClip?
                if let facts = placed[row.id] {
                    candidate = try search.candidate(facts)
                } else if let clip = try catalog.clip(id: row.id) {
                    candidate = try search.unplacedCandidate(clip)
                }
                guard var clip = candidate, search.passesTime(clip), try search.passesStatus(&clip) else { continue }
                found.append((clip, .stored(row.createdAt)))
            }
            guard let last = rows.last, rows.count == batch else { break }
            position = (last.createdAt, last.id)
        }
        return found
    }
}
