import Evidence

extension ClipFinder {
    /// Clips in recorded order, after the cursor, at most one more than the limit, from the recorded-time
    /// index: the same clips in the same order as ``recordedPage(search:after:)``, which finds them window
    /// by window. The index gives the order and the time filter; each clip it names is then read, corrected
    /// and filtered as there (kind, probe verdict, release state), in batches until the page is full.
    func indexedPage(_ index: RecordedIndex, search: Search, after cursor: ClipCursor?) throws -> [(clip: FoundClip, key: ClipCursor.Key)] {
        let query = search.query
        let scope = query.device.map(ClipScope.device) ?? query.officer.map(ClipScope.officer) ?? .all
        var found: [(clip: FoundClip, key: ClipCursor.Key)] = []
        if cursor?.key != .unplaced {
            var after: RecordedIndex.Step?
            if let cursor, case .recorded(let seconds) = cursor.key {
                // A cursor naming an id no clip of ours can have: the walk answers it.
                guard let key = ClipKey(cursor.id) else { return try recordedPage(search: search, after: cursor) }
                after = .init(start: seconds, key: key)
            }
            // Every clip the index names passes when no filter the index does not know is given: then a page
            // is read exactly; else most pass, and a page and a little more is read at first.
            let othersFilter = query.kind != nil || query.integrity != nil || query.status != nil
            var batch = search.wanted + (othersFilter ? 8 : 0)
            while found.count < search.wanted {
                let steps = index.walk(scope, from: query.from?.timeIntervalSince1970, to: query.to?.timeIntervalSince1970,
                                       after: after, descending: query.sort.descending, limit: batch)
                let ids = steps.map(\.key.text)
                let facts = Dictionary(try catalog.clipFacts(batch: ids).map { ($0.clip.id, $0) }, uniquingKeysWith: { first, _ in first })
                let counts = try catalog.sightingCounts(clipIDs: ids)
                for (step, id) in zip(steps, ids) where found.count < search.wanted {
                    guard let facts = facts[id], var clip = try search.candidate(facts), search.passesTime(clip),
                          search.passesStatus(&clip, counts: counts[id] ?? (0, 0))
                    else { continue }
                    found.append((clip, .recorded(step.start)))
                }
                guard steps.count == batch, let last = steps.last else { break }
                after = last
                batch = min(batch * 4, 4096)
            }
        }
        if found.count < search.wanted {
            found += try unplacedPage(scope: scope, search: search, after: cursor?.key == .unplaced ? cursor?.id : nil,
                                      count: search.wanted - found.count)
        }
        return found
    }
}
