import Evidence
import Foundation

extension ClipFinder {
    /// Clips no reading places in time, after `afterID`, passing the filters: they follow the placed clips
    /// in a recorded-time order, by id. Read in batches, since filters may refuse many.
    func unplacedPage(scope: ClipScope, search: Search, after afterID: String?, count: Int) throws
        -> [(clip: FoundClip, key: ClipCursor.Key)]
    {
        guard count > 0, !search.hasTimeFilter else { return [] }
        var deviceID: String?
        if case .device(let serial) = scope {
            guard let device = try catalog.device(serial: serial) else { return [] }
            deviceID = device.id
        }
        var officer: String?
        if case .officer(let name) = scope { officer = name }
        var found: [(clip: FoundClip, key: ClipCursor.Key)] = []
        var last = afterID
        while found.count < count {
            let rows = try catalog.clipsWithoutSpan(deviceID: deviceID, officer: officer, afterID: last,
                                                    descending: search.query.sort.descending, limit: max(count, 100))
            for row in rows where found.count < count {
                guard var clip = try search.unplacedCandidate(row), try search.passesStatus(&clip) else { continue }
                found.append((clip, .unplaced))
            }
            guard let end = rows.last, rows.count >= max(count, 100) else { break }
            last = end.id
        }
        return found
    }
}
