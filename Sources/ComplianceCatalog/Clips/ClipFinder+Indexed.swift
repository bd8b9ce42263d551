import Evidence

extension ClipFinder {
    /// Clips in recorded order, after the cursor, at most one more than the limit, from the recorded-time
    /// index: the same clips in the same order as ``recordedPage(search:after:)``, which finds them window
    /// by window. The index gives the order and the time filter; each clip it names is then read, corrected
    /// and filtered as there (kind, probe verdict, release state), in batches until the page is full.
    ///
    /// When the index answers the search alone (no filter it does not know), every clip it names is on the
    /// page, and one that `known` says the caller holds at its stamp is not read at all.
    func indexedPage(_ index: RecordedIndex, standing: RecordedIndex.Standing, search: Search, after cursor: ClipCursor?,
                     known: ((ClipKey, Int64) -> Bool)?) throws -> [(clip: PageClip, key: ClipCursor.Key)] {
        let query = search.query
        let scope = query.device.map(ClipScope.device) ?? query.officer.map(ClipScope.officer) ?? .all
        var found: [(clip: PageClip, key: ClipCursor.Key)] = []
        if cursor?.key != .unplaced {
            var after: RecordedIndex.Step?
            if let cursor, case .recorded(let seconds) = cursor.key {
                // A cursor naming an id no clip of ours can have: the walk answers it.
                guard let key = ClipKey(cursor.id) else {
                    return try recordedPage(search: search, after: cursor).map { (.found($0.clip, stamp: nil), $0.key) }
                }
                after = .init(start: seconds, key: key)
            }
            // Every clip the index names passes when no filter the index does not know is given (an officer
            // beside a device is one: the device's list is walked): then a page is read exactly, and a clip
            // the caller holds is not read; else most pass, and a page and a little more is read at first.
            let othersFilter = query.kind != nil || query.integrity != nil || query.status != nil
                || (query.device != nil && query.officer != nil)
            let known = othersFilter ? nil : known
            var batch = search.wanted + (othersFilter ? 8 : 0)
            while found.count < search.wanted {
                let steps = index.walk(scope, from: query.from?.timeIntervalSince1970, to: query.to?.timeIntervalSince1970,
                                       after: after, descending: query.sort.descending, limit: batch)
                let held = steps.map { known?($0.key, $0.stamp) ?? false }
                let ids = zip(steps, held).compactMap { $1 ? nil : $0.key.text }
                let facts = Dictionary(try catalog.clipFacts(batch: ids).map { ($0.clip.id, $0) }, uniquingKeysWith: { first, _ in first })
                let counts = try catalog.sightingCounts(clipIDs: ids)
                var unread = ids.makeIterator()
                for (step, isHeld) in zip(steps, held) where found.count < search.wanted {
                    if isHeld {
                        found.append((.known(step.key, stamp: step.stamp), .recorded(step.start)))
                        continue
                    }
                    guard let id = unread.next(), let facts = facts[id], var clip = try search.candidate(facts),
                          search.passesTime(clip), search.passesStatus(&clip, counts: counts[id] ?? (0, 0))
                    else { continue }
                    found.append((.found(clip, stamp: standing == .current ? step.stamp : nil), .recorded(step.start)))
                }
                guard steps.count == batch, let last = steps.last else { break }
                after = last
                batch = min(batch * 4, 4096)
            }
        }
        if found.count < search.wanted {
            found += try unplacedPage(scope: scope, search: search, after: cursor?.key == .unplaced ? cursor?.id : nil,
                                      count: search.wanted - found.count)
                .map { (.found($0.clip, stamp: nil), $0.key) }
        }
        return found
    }
}
