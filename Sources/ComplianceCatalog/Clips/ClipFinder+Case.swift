import Compliance
import Evidence
import Foundation

extension ClipFinder {
    /// The clips a check of the case matches to its steps (to one step, by its id or its number from 1),
    /// filtered, in the order asked, after the cursor. The case desk's checker does the matching; a case
    /// has tens of clips, so they are ordered in memory.
    func casePage(caseID: String, step: String?, search: Search, after cursor: ClipCursor?) throws
        -> [(clip: FoundClip, key: ClipCursor.Key)]
    {
        guard let check = try desk.check(caseID: caseID) else {
            throw ClipQueryError(problems: ["no case \(caseID) in the catalog"])
        }
        var steps = check.steps
        if let step {
            if let named = steps.first(where: { $0.stepID == step }) {
                steps = [named]
            } else if let number = Int(step), steps.indices.contains(number - 1) {
                steps = [steps[number - 1]]
            } else {
                throw ClipQueryError(problems: ["case \(caseID) has no step \(step) (its steps: "
                                                + check.steps.map(\.stepID).joined(separator: ", ") + ")"])
            }
        }
        var ids: [String] = []
        for id in steps.flatMap(\.clips).map(\.clipID) where !ids.contains(id) { ids.append(id) }
        let order = ClipOrder(descending: search.query.sort.descending)
        var found: [(clip: FoundClip, key: ClipCursor.Key)] = []
        for facts in try catalog.clipFacts(ids: ids) {
            guard var clip = try search.candidate(facts), search.passesTime(clip) else { continue }
            let key: ClipCursor.Key = search.query.sort.byRecording
                ? clip.recordedStart.map(ClipCursor.Key.recorded) ?? .unplaced
                : .stored(clip.clip.createdAtText)
            guard search.isAfter(cursor, key: key, id: clip.clip.id), try search.passesStatus(&clip) else { continue }
            found.append((clip, key))
        }
        found.sort { order.precedes(($0.key, $0.clip.clip.id), ($1.key, $1.clip.clip.id)) }
        return Array(found.prefix(search.wanted))
    }
}
