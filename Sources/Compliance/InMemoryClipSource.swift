import Foundation

/// Clips in memory, indexed the way a catalog would: sorted by device-span start, searched by binary
/// search from `interval.start − longest span` (no clip that starts earlier can reach the interval),
/// and by device and sequence.
public struct InMemoryClipSource: ClipSource, Sendable {
    private struct Entry: Sendable {
        var span: DateInterval
        var clip: ClipFacts
    }

    private let entries: [Entry]
    private let longest: TimeInterval
    private let bySequence: [String: [ClipFacts]]
    /// Clips with no calendar time at all: reachable by sequence only.
    public let unplaced: [ClipFacts]

    public init(_ clips: [ClipFacts], zone: TimeZone) {
        var entries: [Entry] = []
        var unplaced: [ClipFacts] = []
        for clip in clips {
            if let span = clip.deviceSpan(in: zone) { entries.append(Entry(span: span, clip: clip)) } else { unplaced.append(clip) }
        }
        entries.sort { $0.span.start < $1.span.start }
        self.entries = entries
        self.unplaced = unplaced
        longest = entries.map(\.span.duration).max() ?? 0
        bySequence = Dictionary(grouping: clips.filter { $0.sequence != nil }, by: \.device)
            .mapValues { $0.sorted { $0.sequence! < $1.sequence! } }
    }

    public func clips(devices: Set<String>, officers: Set<String>, overlapping interval: DateInterval) -> [ClipFacts] {
        let earliest = interval.start.addingTimeInterval(-longest)
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].span.start < earliest { low = middle + 1 } else { high = middle }
        }
        var found: [ClipFacts] = []
        var i = low
        while i < entries.count, entries[i].span.start <= interval.end {
            let entry = entries[i]
            if entry.span.end >= interval.start,
               devices.contains(entry.clip.device) || entry.clip.officer.map(officers.contains) == true {
                found.append(entry.clip)
            }
            i += 1
        }
        return found
    }

    public func clips(device: String, session: String?, sequences: ClosedRange<Int>) -> [ClipFacts] {
        guard let list = bySequence[device] else { return [] }
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].sequence! < sequences.lowerBound { low = middle + 1 } else { high = middle }
        }
        var found: [ClipFacts] = []
        var i = low
        while i < list.count, list[i].sequence! <= sequences.upperBound {
            if session == nil || list[i].session == session { found.append(list[i]) }
            i += 1
        }
        return found
    }
}
