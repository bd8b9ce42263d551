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
        let scope = query.scope
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
            // Every clip the index names passes when it answers the search alone: then a page is read
            // exactly, and a clip the caller holds is not read; else most pass, and a page and a little
            // more is read at first.
            let othersFilter = !query.indexAnswersAlone
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

    /// The page from the index and the caller's kept entries alone, with no snapshot of the catalog: when
    /// nothing was committed since the index last took changes in (`version` is still its version), the
    /// search is one the index answers alone, and the caller holds every clip of the page. Nil otherwise
    /// (the search then reads the catalog as usual).
    func memoryPage(_ index: RecordedIndex, version: Int64, query: ClipQuery, after cursor: ClipCursor?,
                    known: (ClipKey, Int64) -> Bool) throws -> (clips: [PageClip], nextCursor: String?)? {
        guard query.caseID == nil, query.sort.byRecording, query.indexAnswersAlone, index.isCurrent(desk: desk, version: version)
        else { return nil }
        var after: RecordedIndex.Step?
        if let cursor {
            guard case .recorded(let seconds) = cursor.key, let key = ClipKey(cursor.id) else { return nil }
            after = .init(start: seconds, key: key)
        }
        let wanted = query.limit + 1
        let steps = index.walk(query.scope, from: query.from?.timeIntervalSince1970, to: query.to?.timeIntervalSince1970,
                               after: after, descending: query.sort.descending, limit: wanted)
        // Past the placed clips come those no reading places in time, which only a search without a time
        // filter shows: that page reads the catalog.
        guard steps.count == wanted || query.from != nil || query.to != nil else { return nil }
        guard steps.allSatisfy({ known($0.key, $0.stamp) }) else { return nil }
        let page = steps.prefix(query.limit)
        let next = steps.count == wanted ? page.last.map { ClipCursor(query: query, key: .recorded($0.start), id: $0.key.text).text } : nil
        return (page.map { .known($0.key, stamp: $0.stamp) }, next)
    }
}

extension ClipQuery {
    /// The clips a search walks: a device's, an officer's (on the devices their clips came from), or all.
    var scope: ClipScope { device.map(ClipScope.device) ?? officer.map(ClipScope.officer) ?? .all }

    /// Whether every clip the recorded-time index names for this search passes its filters: no filter
    /// but the scope and time (with both a device and an officer, the device's clips are walked and the
    /// officer is a filter the index does not apply).
    var indexAnswersAlone: Bool { kind == nil && integrity == nil && status == nil && (device == nil || officer == nil) }
}
