import Compliance
import Evidence
import Foundation

extension ClipFinder {
    /// Clips in corrected-start order, after the cursor, at most one more than the limit.
    ///
    /// Corrected starts are walked in windows of true time, from the cursor (or the end the order starts
    /// at) onwards, each window wider than the last until the page is full: every clip whose corrected
    /// start lies in a window is found by the device-time windows the clock models give for it (plus the
    /// window itself: a time no reading corrects stays as it is), then the window's clips are sorted. A
    /// `from` filter ends the walk at `from`; the clips starting before it that still overlap it are all
    /// found at once (the device-time windows of the instant `from`). Clips no reading places in time come
    /// last.
    func recordedPage(search: Search, after cursor: ClipCursor?) throws -> [(clip: FoundClip, key: ClipCursor.Key)] {
        let query = search.query
        let descending = query.sort.descending
        let order = ClipOrder(descending: descending)
        var found: [(clip: FoundClip, key: ClipCursor.Key)] = []
        var cursorKey: Double?
        if case .recorded(let seconds)? = cursor?.key { cursorKey = seconds }
        let unplacedCursor = cursor?.key == .unplaced

        let scope = query.scope
        let devices: [String] = switch scope {
        case .device(let serial): [serial]
        case .officer(let officer): try catalog.clipDeviceSerials(officer: officer)
        case .all: Array(Set(try catalog.deviceSerials()).union(try search.clockModels().models.keys))
        }
        let corrector = try search.clockModels().corrector
        let models = try devices.map { try corrector.model($0) }

        /// The clips whose corrected start lies in `[low, high]` and that pass every filter and follow the
        /// cursor, in order.
        /// `lookUp`: the true time whose device-time windows are read (default: the window itself).
        func clips(startingIn low: Double, _ high: Double, lowIncluded: Bool, highIncluded: Bool, lookUp: DateInterval? = nil) throws
            -> [(clip: FoundClip, key: ClipCursor.Key)]
        {
            let window = lookUp ?? DateInterval(start: Date(timeIntervalSince1970: low), end: Date(timeIntervalSince1970: high))
            var result: [(clip: FoundClip, key: ClipCursor.Key)] = []
            // Looking up the window itself, only clips whose start can lie in it are read.
            for facts in try catalog.clipFacts(scope: scope, overlapping: Self.deviceRanges(window, models: models), startingIn: lookUp == nil) {
                guard var clip = try search.candidate(facts), let start = clip.recordedStart else { continue }
                guard start > low || (lowIncluded && start == low), start < high || (highIncluded && start == high),
                      search.passesTime(clip), search.isAfter(cursor, key: .recorded(start), id: clip.clip.id),
                      try search.passesStatus(&clip)
                else { continue }
                result.append((clip, .recorded(start)))
            }
            return result.sorted { order.precedes(($0.key, $0.clip.clip.id), ($1.key, $1.clip.clip.id)) }
        }

        if !unplacedCursor, let extent = try catalog.clipTimeExtent(scope: scope) {
            // Where corrected starts can lie: the device-time extent as it is, and what each device's eras
            // make of it (a reset era's default dates land on the day of the reset, not decades away).
            // Named by what they depend on: the scope, its extent and its devices (hashed within this process).
            let bounds = ClockModelCache.shared.bounds("\(scope) \(extent) \(Set(devices).hashValue)", catalog: catalog, policy: desk.policy.clock,
                                                       version: try search.clockModels().version) {
                let deviceTimes = DateInterval(start: Date(timeIntervalSince1970: Double(extent.lowerBound)),
                                               end: Date(timeIntervalSince1970: Double(extent.upperBound)))
                let intervals = [deviceTimes] + models.flatMap { $0.correctedIntervals(of: deviceTimes) }
                return (intervals.map(\.start.timeIntervalSince1970).min()! - Self.margin)...(intervals.map(\.end.timeIntervalSince1970).max()! + Self.margin)
            }
            var low = bounds.lowerBound, high = bounds.upperBound
            if let to = query.to { high = min(high, to.timeIntervalSince1970) }
            let from = query.from?.timeIntervalSince1970
            if let from { low = max(low, from) }
            if let cursorKey { if descending { high = min(high, cursorKey) } else { low = max(low, cursorKey) } }

            // Clips that start before `from` and overlap it: those whose span holds the instant `from`.
            func overlappingFrom(_ from: Double) throws -> [(clip: FoundClip, key: ClipCursor.Key)] {
                let instant = Date(timeIntervalSince1970: from)
                return try clips(startingIn: -.infinity, from, lowIncluded: true, highIncluded: false,
                                 lookUp: DateInterval(start: instant, end: instant))
            }
            // Ascending, they come first.
            if !descending, let from, cursorKey.map({ $0 < from }) ?? true {
                found += try overlappingFrom(from)
            }
            let firstWidth = scope == .all ? Self.firstWidthAll : Self.firstWidth
            var width = firstWidth
            var first = true
            let budget = max(Self.windowBudget, 8 * search.wanted)
            while low <= high, found.count < search.wanted {
                let (a, b) = descending ? (max(low, high - width), high) : (low, min(high, low + width))
                // A window grown over far more clips than the page needs (it crossed an empty stretch into
                // busy hours) is narrowed first, from its near end: counting them costs an index range.
                if width > firstWidth {
                    let window = DateInterval(start: Date(timeIntervalSince1970: a), end: Date(timeIntervalSince1970: b))
                    if try catalog.clipCount(scope: scope, overlapping: Self.deviceRanges(window, models: models), limit: budget + 1)
                        > budget
                    {
                        width = max(firstWidth, width / 8)
                        continue
                    }
                }
                let last = descending ? a <= low : b >= high
                // Each window holds its far end; the first also its near end (the cursor excludes itself).
                let window = try clips(startingIn: a, b, lowIncluded: descending || first, highIncluded: !descending || first)
                found += window
                if last { break }
                // Wider next time: as much more as this window fell short, at least twice, at most 64 times.
                let needed = Double(search.wanted - found.count)
                width *= min(64, max(2, 1.5 * needed / Double(max(window.count, 1))))
                if descending { high = a } else { low = b }
                first = false
            }
            // Descending, they come last.
            if descending, let from, found.count < search.wanted {
                found += try overlappingFrom(from)
            }
        }
        if found.count < search.wanted {
            found += try unplacedPage(scope: scope, search: search, after: unplacedCursor ? cursor?.id : nil,
                                      count: search.wanted - found.count)
        }
        return found
    }

    /// Seconds added around every device-time window: readings are whole seconds in the index, and a
    /// clip's start reading may differ from its span's start by their resolutions.
    static let margin = 4.0
    /// The first window of a walk (seconds): an hour for one device or officer, five minutes for all.
    static let firstWidth = 3600.0
    static let firstWidthAll = 300.0
    /// Clips a window may read before it is narrowed (at least eight pages' worth).
    static let windowBudget = 2000
    /// The device-time ranges (Unix seconds, widened by ``margin``, merged) where clips whose corrected
    /// start or span falls in `window` can lie: each model's windows, and the window itself.
    static func deviceRanges(_ window: DateInterval, models: [ClockModel]) -> [ClosedRange<Int64>] {
        var intervals = [window]
        for model in models { intervals += model.deviceWindows(for: window) }
        let ranges = intervals.map { interval in
            Int64((interval.start.timeIntervalSince1970 - margin).rounded(.down))...Int64((interval.end.timeIntervalSince1970 + margin).rounded(.up))
        }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Int64>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}
