import Evidence

/// Walking the index in recorded order: each device's clips are sorted, so a search merges the devices
/// of its scope (a heap of their next clips) from the cursor or the time filter's near end.
extension RecordedIndex {
    /// A clip the walk found: its recorded start (the search's order key), id and stamp.
    struct Step {
        var start: Double
        var key: ClipKey
        var stamp: Int64 = 0
    }

    /// Up to `limit` clips of `scope` whose recorded span overlaps `[from, to]` (ends included, either
    /// open), strictly after `after` in the order asked (by start, then id; `descending` reverses both).
    func walk(_ scope: ClipScope, from: Double?, to: Double?, after: Step?, descending: Bool, limit: Int) -> [Step] {
        state.withLock { state in
            var officer: Int32?
            let lists: [DeviceClips]
            switch scope {
            case .all: lists = [state.all]
            case .device(let serial): lists = state.devices[serial].map { [$0] } ?? []
            case .officer(let name):
                guard let number = state.officers[name] else { return [] }
                officer = number
                lists = (state.officerDevices[number] ?? []).compactMap { state.devices[$0] }
            }
            var cursors = lists.compactMap { Cursor($0, from: from, to: to, after: after, descending: descending) }
            var heap = CursorHeap(descending: descending)
            for index in cursors.indices where cursors[index].advance(officer: officer, from: from) {
                heap.push(cursors[index].current, index)
            }
            var steps: [Step] = []
            while steps.count < limit, let (entry, index) = heap.pop() {
                steps.append(Step(start: entry.start, key: entry.key, stamp: entry.stamp))
                if cursors[index].advance(officer: officer, from: from) { heap.push(cursors[index].current, index) }
            }
            return steps
        }
    }

    /// One device's clips from a starting place onwards, in the order asked.
    struct Cursor {
        let entries: [Entry]
        let descending: Bool
        /// The next position to look at.
        var position: Int
        /// Where the walk stops (exclusive): past `to` ascending; descending, before the earliest start
        /// that can still overlap `from`.
        let limit: Int
        var current: Entry { entries[position - (descending ? -1 : 1)] }

        init?(_ clips: DeviceClips, from: Double?, to: Double?, after: Step?, descending: Bool) {
            let entries = clips.entries
            self.entries = entries
            self.descending = descending
            // The earliest start a clip overlapping `from` can have.
            let earliest = from.map { $0 - clips.longest }
            func before(_ entry: Entry, _ step: Step) -> Bool { (entry.start, entry.key) < (step.start, step.key) }
            if descending {
                var top = to.map { to in entries.partitioningIndex { $0.start > to } } ?? entries.count
                if let after { top = min(top, entries.partitioningIndex { !before($0, after) }) }
                position = top - 1
                limit = earliest.map { earliest in entries.partitioningIndex { $0.start >= earliest } } ?? 0
            } else {
                var bottom = earliest.map { earliest in entries.partitioningIndex { $0.start >= earliest } } ?? 0
                if let after { bottom = max(bottom, entries.partitioningIndex { $0.start > after.start || ($0.start == after.start && $0.key > after.key) }) }
                position = bottom
                limit = to.map { to in entries.partitioningIndex { $0.start > to } } ?? entries.count
            }
            if entries.isEmpty { return nil }
        }

        /// Moves to the next clip that passes the officer and `from` filters; false when there is none.
        /// ``current`` is that clip.
        mutating func advance(officer: Int32?, from: Double?) -> Bool {
            while descending ? position >= limit : position < limit {
                let entry = entries[position]
                position += descending ? -1 : 1
                if let officer, entry.officer != officer { continue }
                if let from, entry.end < from { continue }
                return true
            }
            return false
        }
    }

    /// A binary heap of the devices' current clips, the next in order on top.
    struct CursorHeap {
        let descending: Bool
        private var items: [(entry: Entry, cursor: Int)] = []

        init(descending: Bool) {
            self.descending = descending
        }

        private func first(_ a: Entry, _ b: Entry) -> Bool { descending ? b.precedes(a) : a.precedes(b) }

        mutating func push(_ entry: Entry, _ cursor: Int) {
            items.append((entry, cursor))
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard first(items[child].entry, items[parent].entry) else { break }
                items.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> (Entry, Int)? {
            guard let top = items.first else { return nil }
            let last = items.removeLast()
            if !items.isEmpty {
                items[0] = last
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var best = parent
                    if left < items.count, first(items[left].entry, items[best].entry) { best = left }
                    if right < items.count, first(items[right].entry, items[best].entry) { best = right }
                    if best == parent { break }
                    items.swapAt(parent, best)
                    parent = best
                }
            }
            return (top.entry, top.cursor)
        }
    }
}
