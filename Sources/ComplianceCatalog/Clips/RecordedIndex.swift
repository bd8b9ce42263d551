import Compliance
import Evidence
import Foundation
import Synchronization

/// Every placed clip's recorded start and end (its corrected times, as a case check corrects them), per
/// device in recorded order, kept in memory by a long-running server (``build(desk:)`` once, then brought
/// up to date before each search): a search by recorded time then walks sorted arrays and corrects only
/// the clips it returns, instead of correcting the catalog's clips window by window.
///
/// It follows the catalog through `clip_change`, which triggers fill: a clip whose time changed is
/// corrected again alone; a device with a new clock reading, or whose clips lie in a reset's span (placed
/// by their neighbours), is corrected again whole. Each clip carries a stamp, the sequence number of the
/// last change that touched it (a new probe or sighting too), so that what a server keeps of a clip
/// beside the index (its rendered page entry) is known to be current while the stamp is unchanged. A
/// command-line search, which runs once, never builds one.
public final class RecordedIndex: Sendable {
    struct Entry {
        var start: Double
        var end: Double
        var key: ClipKey
        /// The officer's number in ``State/officers`` (-1: none).
        var officer: Int32
        /// The device's number in ``State/deviceNumbers``.
        var device: Int32
        /// The `clip_change` sequence number of the last change that touched the clip (or the index's
        /// build): equal stamps, equal clip as a search shows it.
        var stamp: Int64

        /// Recorded order: start, then id.
        func precedes(_ other: Entry) -> Bool { (start, key) < (other.start, other.key) }
    }

    struct DeviceClips {
        /// By start, then id.
        var entries: [Entry] = []
        /// At least the longest span (end − start): how far before a time a clip overlapping it can start.
        var longest = 0.0
        /// Clips placed by a reset's span: their places hang on their neighbours'.
        var resetSpans = 0
    }

    struct State {
        var built = false
        /// Set when a clip's id has no ``ClipKey``: the index then answers nothing (searches walk windows).
        var declined: String?
        var catalogPath = ""
        var policy: ClockPolicy?
        /// The last change of `clip_change` taken in.
        var seq: Int64 = 0
        /// The catalog's data version read before the snapshot of the last refresh that left the index
        /// current: while the catalog's version is still this, nothing was committed since, and the index
        /// holds the catalog as it is (``isCurrent(desk:version:)``).
        var version: Int64?
        var devices: [String: DeviceClips] = [:]
        /// Every device's clips in one order, for searches over all devices (one walk, not a merge of
        /// hundreds); `longest` is the longest of any device.
        var all = DeviceClips()
        var deviceNumbers: [String: Int32] = [:]
        var officers: [String: Int32] = [:]
        /// The devices each officer's clips came from (never shrinks: a device left without the officer's
        /// clips only yields nothing).
        var officerDevices: [Int32: Set<String>] = [:]

        mutating func deviceNumber(_ serial: String) -> Int32 {
            if let known = deviceNumbers[serial] { return known }
            let number = Int32(deviceNumbers.count)
            deviceNumbers[serial] = number
            return number
        }

        /// Puts a device's clips in place of what it had, in its own list and in ``all``.
        mutating func replace(_ serial: String, with clips: DeviceClips) {
            let number = deviceNumber(serial)
            if devices[serial] != nil { all.entries.removeAll { $0.device == number } }
            devices[serial] = clips.entries.isEmpty ? nil : clips
            all.entries = Self.merge(all.entries, clips.entries)
            all.longest = max(all.longest, clips.longest)
        }

        /// Two lists in recorded order made one.
        static func merge(_ a: [Entry], _ b: [Entry]) -> [Entry] {
            guard !b.isEmpty else { return a }
            guard !a.isEmpty else { return b }
            var merged: [Entry] = []
            merged.reserveCapacity(a.count + b.count)
            var i = 0, j = 0
            while i < a.count, j < b.count {
                if b[j].precedes(a[i]) { merged.append(b[j]); j += 1 } else { merged.append(a[i]); i += 1 }
            }
            merged += a[i...]
            merged += b[j...]
            return merged
        }

        /// Gives the clips `keys` of a device a new stamp (their facts changed, not their place), in its
        /// own list and in ``all``.
        mutating func restamp(_ serial: String, _ keys: Set<ClipKey>, _ stamp: Int64) {
            guard var clips = devices[serial] else { return }
            for position in clips.entries.indices where keys.contains(clips.entries[position].key) {
                let entry = clips.entries[position]
                clips.entries[position].stamp = stamp
                let place = all.entries.partitioningIndex { !$0.precedes(entry) }
                if place < all.entries.count, all.entries[place].key == entry.key { all.entries[place].stamp = stamp }
            }
            devices[serial] = clips
        }

        mutating func officer(_ name: String?) -> Int32 {
            guard let name else { return -1 }
            if let known = officers[name] { return known }
            let number = Int32(officers.count)
            officers[name] = number
            return number
        }
    }

    let state = Mutex(State())

    public init() {}

    /// Whether ``build(desk:)`` has finished.
    public var isBuilt: Bool { state.withLock { $0.built } }

    /// Why the index answers no search (a clip id it cannot keep), if it does not.
    public var declined: String? { state.withLock { $0.declined } }

    /// Reads and corrects every placed clip of the desk's catalog, device by device (each in its own
    /// snapshot), then takes in what changed meanwhile. Returns how many clips it holds.
    @discardableResult
    public func build(desk: CaseDesk) throws -> Int {
        let catalog = desk.catalog
        let seq = try catalog.latestClipChange()
        var built = State()
        built.catalogPath = catalog.path.path
        built.policy = desk.policy.clock
        built.seq = seq
        for serial in try catalog.clipTimeDeviceSerials() {
            let clips = try catalog.reading { try Self.clips(of: serial, desk: desk, stamp: seq, into: &built) }
            built.devices[serial] = clips
            built.all.entries += clips.entries
            built.all.longest = max(built.all.longest, clips.longest)
        }
        built.all.entries.sort { $0.precedes($1) }
        built.built = true
        state.withLock { $0 = built }
        _ = try catalog.reading { try refresh(desk: desk) }
        return state.withLock { $0.devices.values.reduce(0) { $0 + $1.entries.count } }
    }

    /// How the index stands against a search's snapshot (``refresh(desk:)``).
    enum Standing {
        /// Not built yet, or built for another catalog or clock policy: the search walks windows.
        case unavailable
        /// Holds exactly what the snapshot holds: a clip's facts read in it belong to the clip's stamp.
        case current
        /// Holds later changes than the snapshot (another search's newer snapshot took them in): the
        /// index's order still serves, but facts read in this snapshot may be older than the stamps.
        case ahead
    }

    /// Takes in the catalog's changes since the last call. Call inside the search's snapshot
    /// (`Catalog.reading`), so that the search reads what the index took in.
    /// `version`: the catalog's data version read before the snapshot began (nil: not known).
    func refresh(desk: CaseDesk, version: Int64? = nil) throws -> Standing {
        let catalog = desk.catalog
        return try state.withLock { state throws -> Standing in
            guard state.built, state.declined == nil, state.catalogPath == catalog.path.path, state.policy == desk.policy.clock
            else { return .unavailable }
            let latest = try catalog.latestClipChange()
            guard latest >= state.seq else { return .ahead }
            guard latest > state.seq else {
                // Nothing to take in: the version read before this snapshot vouches for the index.
                state.version = version
                return .current
            }
            state.version = nil
            let changes = try catalog.clipChanges(after: state.seq)
            let stamp = changes.latest
            var whole = changes.devices
            var single: [String: Set<String>] = [:]
            for (device, clip) in changes.placed {
                if (state.devices[device]?.resetSpans ?? 0) > 0 { whole.insert(device) } else { single[device, default: []].insert(clip) }
            }
            for (device, ids) in single where !whole.contains(device) {
                if try !Self.update(device, clips: ids, desk: desk, stamp: stamp, in: &state) { whole.insert(device) }
            }
            for device in whole {
                state.replace(device, with: try Self.clips(of: device, desk: desk, stamp: stamp, into: &state))
            }
            var restamped: [String: Set<ClipKey>] = [:]
            for (device, clip) in changes.facts where !whole.contains(device) && single[device]?.contains(clip) != true {
                if let key = ClipKey(clip) { restamped[device, default: []].insert(key) }
            }
            for (device, keys) in restamped { state.restamp(device, keys, stamp) }
            state.seq = changes.latest
            state.version = version
            return state.declined == nil ? .current : .unavailable
        }
    }

    /// Whether the index holds the catalog as it is when its data version is `version` (read just now):
    /// then a search may walk it without a snapshot of its own.
    func isCurrent(desk: CaseDesk, version: Int64) -> Bool {
        state.withLock { state in
            state.built && state.declined == nil && state.version == version && state.catalogPath == desk.catalog.path.path
                && state.policy == desk.policy.clock
        }
    }

    /// Every placed clip of one device, corrected.
    static func clips(of serial: String, desk: CaseDesk, stamp: Int64, into state: inout State) throws -> DeviceClips {
        let corrector = try Self.corrector(desk)
        var zones = CatalogClipSource.Zones()
        var clips = DeviceClips()
        try desk.catalog.forEachClipFacts(deviceSerial: serial) { facts in
            let (entry, clock) = try Self.entry(facts, corrector: corrector, zones: &zones, stamp: stamp, state: &state)
            clips.entries.append(entry)
            clips.longest = max(clips.longest, entry.end - entry.start)
            if clock == .resetSpan { clips.resetSpans += 1 }
        }
        clips.entries.sort { $0.precedes($1) }
        return clips
    }

    /// Corrects the clips `ids` of one device again and puts them in place (a clip gone from `clip_time`
    /// is dropped); false when one now lies in a reset's span (the device must be corrected whole).
    static func update(_ serial: String, clips ids: Set<String>, desk: CaseDesk, stamp: Int64, in state: inout State) throws -> Bool {
        let corrector = try Self.corrector(desk)
        var zones = CatalogClipSource.Zones()
        let keys = Set(ids.compactMap(ClipKey.init))
        var clips = state.devices[serial] ?? DeviceClips()
        var changed: [Entry] = []
        for facts in try desk.catalog.clipFacts(ids: Array(ids)) where facts.time.deviceSerial == serial {
            let (entry, clock) = try Self.entry(facts, corrector: corrector, zones: &zones, stamp: stamp, state: &state)
            if clock == .resetSpan { return false }
            changed.append(entry)
        }
        for old in clips.entries where keys.contains(old.key) {
            let place = state.all.entries.partitioningIndex { !$0.precedes(old) }
            if place < state.all.entries.count, state.all.entries[place].key == old.key { state.all.entries.remove(at: place) }
        }
        clips.entries.removeAll { keys.contains($0.key) }
        for entry in changed {
            clips.entries.insert(entry, at: clips.entries.partitioningIndex { entry.precedes($0) })
            clips.longest = max(clips.longest, entry.end - entry.start)
            state.all.entries.insert(entry, at: state.all.entries.partitioningIndex { entry.precedes($0) })
            state.all.longest = max(state.all.longest, clips.longest)
        }
        state.devices[serial] = clips.entries.isEmpty ? nil : clips
        return true
    }

    /// A corrector with every device's clock model as the catalog's readings give it now.
    static func corrector(_ desk: CaseDesk) throws -> ClipCorrector {
        let (models, _) = try ClockModelCache.shared.models(catalog: desk.catalog, policy: desk.policy.clock)
        return ClipCorrector(checker: desk.checker, models: models)
    }

    static func entry(_ facts: Evidence.ClipFacts, corrector: ClipCorrector, zones: inout CatalogClipSource.Zones,
                      stamp: Int64, state: inout State) throws -> (Entry, ClockStatus?) {
        let found = try FoundClip(placed: facts, corrector: corrector, zones: &zones)
        let officer = state.officer(facts.time.officer), device = state.deviceNumber(facts.time.deviceSerial)
        if officer >= 0 { state.officerDevices[officer, default: []].insert(facts.time.deviceSerial) }
        // A placed clip always has a recorded start and end (its span's, when no reading corrects it).
        let start = found.recordedStart ?? Double(facts.time.startS), end = found.recordedEnd ?? Double(facts.time.endS)
        guard let key = ClipKey(facts.clip.id) else {
            state.declined = "clip id \(facts.clip.id) is not a lowercase UUID"
            return (Entry(start: start, end: end, key: ClipKey.none, officer: officer, device: device, stamp: stamp),
                    found.corrected?.clock)
        }
        return (Entry(start: start, end: end, key: key, officer: officer, device: device, stamp: stamp), found.corrected?.clock)
    }
}

extension Array {
    /// The first index whose element satisfies `belongsToSecondPart` (a predicate false for a prefix and
    /// true after it), or `count`.
    func partitioningIndex(where belongsToSecondPart: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if belongsToSecondPart(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
