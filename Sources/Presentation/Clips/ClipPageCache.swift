import ComplianceCatalog
import Foundation
import Synchronization

/// The clip search's page entries as the API serves them, written once per clip and kept under the
/// clip's stamp in the recorded-time index (``ComplianceCatalog/RecordedIndex``): a page of clips served
/// before is then written from memory, with nothing read from the catalog and nothing corrected or
/// formatted again. A clip that changed (its time, a reading of its device, a probe, a sighting) has a
/// new stamp and is written anew; the old entry is never served again.
///
/// Bounded by bytes in two generations: entries go into the newer; when it holds half the bound, the
/// older is dropped and the newer becomes the older. An entry met in the older moves back up, so the
/// clips searched often stay while a sweep through the catalog passes through.
public final class ClipPageCache: Sendable {
    struct Entry {
        var stamp: Int64
        var bytes: [UInt8]
    }

    struct Generations {
        var newer: [ClipKey: Entry] = [:]
        var older: [ClipKey: Entry] = [:]
        var newerBytes = 0
        var fromMemory: Int64 = 0
        var fromCatalog: Int64 = 0
    }

    /// What an entry is counted beside its bytes (the key, the stamp, the array's header, the table's slot).
    public static let entryOverhead = 96
    public let byteLimit: Int
    private let state = Mutex(Generations())

    /// `byteLimit` 0 keeps nothing: every page is written from the catalog.
    public init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// Page entries written from memory, and written from clips read in the catalog, since the start.
    public var counts: (fromMemory: Int64, fromCatalog: Int64) { state.withLock { ($0.fromMemory, $0.fromCatalog) } }

    /// The page's document, byte for byte what ``DocumentEncoder/encode(_:)`` gives for
    /// `ClipPage(page, zone: zone)`. `find` is the search (``ComplianceCatalog/ClipFinder/find(_:known:)``),
    /// given whether an entry is held, or nil to read every clip.
    public func document(zone: TimeZone,
                         find: (((ClipKey, Int64) -> Bool)?) throws -> (clips: [PageClip], nextCursor: String?)) throws -> Data {
        var held: [ClipKey: [UInt8]] = [:]
        let page = try find { key, stamp in
            guard let bytes = self.entry(key, stamp: stamp) else { return false }
            held[key] = bytes
            return true
        }
        return try written(page, held: held, zone: zone) ?? plainDocument(zone: zone, find: find)
    }

    /// The page written from the entries held and the clips found (which are kept when stamped); nil when
    /// a clip cannot be written (an entry gone, a number that is not finite).
    private func written(_ page: (clips: [PageClip], nextCursor: String?), held: [ClipKey: [UInt8]], zone: TimeZone) throws -> Data? {
        var writer = PrettyJSONWriter(capacity: 1024 + 768 * page.clips.count)
        writer.beginObject()
        writer.key("clips")
        writer.beginArray()
        for clip in page.clips {
            writer.element()
            switch clip {
            case .known(let key, _):
                guard let bytes = held[key] else { return nil }
                writer.raw(bytes)
            case .found(let found, let stamp):
                var entry = PrettyJSONWriter(depth: writer.depth)
                guard ClipSummary(found, zone: zone).write(to: &entry) else { return nil }
                if let stamp, let key = ClipKey(found.clip.id) { keep(key, Entry(stamp: stamp, bytes: entry.bytes)) }
                writer.raw(entry.bytes)
            }
        }
        writer.endArray()
        // Counted by what the page shows (the search also looks up the clip after the page's last).
        let read = page.clips.count { $0.found != nil }
        state.withLock {
            $0.fromCatalog += Int64(read)
            $0.fromMemory += Int64(page.clips.count - read)
        }
        if let next = page.nextCursor {
            writer.key("next_cursor")
            writer.string(next)
        }
        writer.endObject()
        return Data(writer.bytes)
    }

    /// The page found again with every clip read, through the encoder (for a value the writer cannot
    /// write, such as a number that is not finite: the encoder then says why).
    private func plainDocument(zone: TimeZone,
                               find: (((ClipKey, Int64) -> Bool)?) throws -> (clips: [PageClip], nextCursor: String?)) throws -> Data {
        let page = try find(nil)
        return try DocumentEncoder.encode(ClipPage((page.clips.compactMap(\.found), page.nextCursor), zone: zone))
    }

    private func entry(_ key: ClipKey, stamp: Int64) -> [UInt8]? {
        // A generation dropped to make room is let go after the lock: freeing many entries takes a while.
        let (bytes, dropped) = state.withLock { state -> ([UInt8]?, [ClipKey: Entry]) in
            if let entry = state.newer[key], entry.stamp == stamp { return (entry.bytes, [:]) }
            guard let entry = state.older.removeValue(forKey: key), entry.stamp == stamp else { return (nil, [:]) }
            return (entry.bytes, Self.insert(key, entry, into: &state, limit: byteLimit))
        }
        withExtendedLifetime(dropped) {}
        return bytes
    }

    private func keep(_ key: ClipKey, _ entry: Entry) {
        let dropped = state.withLock { Self.insert(key, entry, into: &$0, limit: byteLimit) }
        withExtendedLifetime(dropped) {}
    }

    /// Puts an entry in the newer generation; returns the generation dropped to make room (usually none).
    private static func insert(_ key: ClipKey, _ entry: Entry, into state: inout Generations, limit: Int) -> [ClipKey: Entry] {
        let cost = entry.bytes.count + entryOverhead
        guard cost <= limit / 2 else { return [:] }
        var dropped: [ClipKey: Entry] = [:]
        if state.newerBytes + cost > limit / 2 {
            dropped = state.older
            state.older = state.newer
            state.newer = [:]
            state.newerBytes = 0
        }
        if let replaced = state.newer.updateValue(entry, forKey: key) { state.newerBytes -= replaced.bytes.count + entryOverhead }
        state.newerBytes += cost
        return dropped
    }
}
