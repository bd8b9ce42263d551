import Compliance
import Evidence
import Foundation

/// Searches the catalog's clips (`recgate clips`, the clip API): filters on device, officer, kind,
/// probe verdict, release state, corrected recording time and case steps; ordered by corrected start or
/// by when they were stored; one page at a time behind an opaque cursor.
///
/// Times are corrected as a case check corrects them (the case desk's checker and clock readings).
/// Clips are found through the catalog's interval index: each device's clock model turns a stretch of
/// true time into the device-time windows its clips can lie in, and the clips found there are corrected
/// and filtered exactly. A clip whose device's clock was never read is placed by its device time as it
/// is; a clip no reading places in time at all follows the placed ones (by id) and never matches a time
/// filter.
public struct ClipFinder: Sendable {
    public let desk: CaseDesk
    /// The recorded-time index of a long-running server, used once built (see ``RecordedIndex``).
    public let index: RecordedIndex?

    public init(desk: CaseDesk, index: RecordedIndex? = nil) {
        self.desk = desk
        self.index = index
    }

    var catalog: Catalog { desk.catalog }

    /// One page: at most `query.limit` clips in order, and the cursor of the next page when there is more.
    /// Throws ``ClipQueryError`` for a bad cursor or an unknown case or step.
    public func find(_ query: ClipQuery) throws -> (clips: [FoundClip], nextCursor: String?) {
        let page = try find(query, known: nil)
        // With nothing known to the caller, every clip is read.
        return (page.clips.compactMap(\.found), page.nextCursor)
    }

    /// One page as ``find(_:)`` gives it, for a caller that keeps what it made of clips by their index
    /// stamps (a server's rendered page entries): a clip the index names with a stamp for which `known`
    /// says yes is handed back by key, its facts not read. Only a search the index answers alone (by
    /// recorded time, no filter but device or officer and time) asks `known`.
    public func find(_ query: ClipQuery, known: ((ClipKey, Int64) -> Bool)?) throws -> (clips: [PageClip], nextCursor: String?) {
        guard (1...ClipQuery.maximumLimit).contains(query.limit) else {
            throw ClipQueryError(problems: ["limit \(query.limit) is not a whole number from 1 to \(ClipQuery.maximumLimit)"])
        }
        let cursor = try query.cursor.map { text throws(ClipQueryError) in try ClipCursor(text: text, for: query) }
        // Read before any snapshot: what the index takes in below is vouched for by it (see refresh).
        let version = index == nil ? nil : try catalog.dataVersion()
        if let index, let version, let known, let page = try memoryPage(index, version: version, query: query, after: cursor, known: known) {
            return page
        }
        let found: [(clip: PageClip, key: ClipCursor.Key)] = try catalog.reading {
            let search = Search(finder: self, query: query)
            func read(_ clips: [(clip: FoundClip, key: ClipCursor.Key)]) -> [(clip: PageClip, key: ClipCursor.Key)] {
                clips.map { (.found($0.clip, stamp: nil), $0.key) }
            }
            if let caseID = query.caseID {
                return read(try casePage(caseID: caseID, step: query.step, search: search, after: cursor))
            }
            guard query.sort.byRecording else { return read(try storedPage(search: search, after: cursor)) }
            if let index {
                let standing = try index.refresh(desk: desk, version: version)
                if standing != .unavailable {
                    return try indexedPage(index, standing: standing, search: search, after: cursor, known: known)
                }
            }
            return read(try recordedPage(search: search, after: cursor))
        }
        let page = Array(found.prefix(query.limit))
        let next = found.count > query.limit ? page.last.map { ClipCursor(query: query, key: $0.key, id: $0.clip.id).text } : nil
        return (page.map(\.clip), next)
    }
}

/// A clip of a page as ``ClipFinder/find(_:known:)`` gives it.
public enum PageClip: Sendable {
    /// A clip the caller holds as of `stamp` (its facts were not read).
    case known(ClipKey, stamp: Int64)
    /// A clip read and corrected now. `stamp` is its index stamp when its facts were read in the very
    /// state the stamp names; nil otherwise (then what is made of it must not be kept under a stamp).
    /// Boxed: a page's clips are mostly known ones, which then copy as two words, not a whole clip.
    indirect case found(FoundClip, stamp: Int64?)

    public var id: String {
        switch self {
        case .known(let key, _): key.text
        case .found(let clip, _): clip.clip.id
        }
    }

    public var found: FoundClip? {
        if case .found(let clip, _) = self { clip } else { nil }
    }
}

/// The state of one search: its query, the corrector (clock models and corrections made once), and the
/// serials of the devices met.
final class Search {
    let query: ClipQuery
    let finder: ClipFinder
    private var zones = CatalogClipSource.Zones()
    private var serials: [String: String] = [:]
    private var clocks: (models: [String: ClockModel], version: Int64, corrector: ClipCorrector)?

    init(finder: ClipFinder, query: ClipQuery) {
        self.query = query
        self.finder = finder
    }

    /// Every device's clock model, the version of the readings they were built from, and a corrector over
    /// them: looked up at the first clip the search corrects (a page the index answers from what the
    /// server holds corrects none).
    func clockModels() throws -> (models: [String: ClockModel], version: Int64, corrector: ClipCorrector) {
        if let clocks { return clocks }
        let (models, version) = try ClockModelCache.shared.models(catalog: finder.catalog, policy: finder.desk.policy.clock)
        let made = (models, version, ClipCorrector(checker: finder.desk.checker, models: models))
        clocks = made
        return made
    }

    var catalog: Catalog { finder.catalog }
    /// How many clips a page needs: one more than its limit, to know whether another page follows.
    var wanted: Int { query.limit + 1 }
    var hasTimeFilter: Bool { query.from != nil || query.to != nil }

    /// The clip if it passes the filters other than time (device, officer, kind, probe verdict), with its
    /// corrected times; nil otherwise. Release state is checked last (``passesStatus(_:)``): it costs a query.
    func candidate(_ facts: Evidence.ClipFacts) throws -> FoundClip? {
        guard passes(device: facts.time.deviceSerial, officer: facts.clip.officer, kind: facts.clip.kind,
                     integrity: facts.integrity) else { return nil }
        return try FoundClip(placed: facts, corrector: try clockModels().corrector, zones: &zones)
    }

    /// A clip with no device-clock span, if it passes the filters (never one with a time filter).
    func unplacedCandidate(_ clip: ClipRow) throws -> FoundClip? {
        guard !hasTimeFilter else { return nil }
        let integrity = try catalog.media(clipID: clip.id).max { $0.probedAt < $1.probedAt }?.integrity
        let device = try serial(deviceID: clip.deviceID)
        guard passes(device: device, officer: clip.officer, kind: clip.kind, integrity: integrity) else { return nil }
        return FoundClip(clip: clip, device: device, span: nil, corrected: nil, integrity: integrity, sightings: 0,
                         releasedSightings: 0)
    }

    func passes(device: String, officer: String?, kind: String, integrity: String?) -> Bool {
        if let wanted = query.device, wanted != device { return false }
        if let wanted = query.officer, wanted != officer { return false }
        if let wanted = query.kind, wanted != kind { return false }
        if let wanted = query.integrity, wanted != (integrity ?? "none") { return false }
        return true
    }

    /// The corrected span overlaps `[from, to]` (ends included).
    func passesTime(_ clip: FoundClip) -> Bool {
        guard hasTimeFilter else { return true }
        guard let start = clip.recordedStart, let end = clip.recordedEnd else { return false }
        if let from = query.from, end < from.timeIntervalSince1970 { return false }
        if let to = query.to, start > to.timeIntervalSince1970 { return false }
        return true
    }

    /// Reads the clip's sightings into it; false when the status filter refuses it.
    func passesStatus(_ clip: inout FoundClip) throws -> Bool {
        passesStatus(&clip, counts: try catalog.sightingCounts(clipID: clip.clip.id))
    }

    /// Puts the clip's sighting counts into it; false when the status filter refuses it.
    func passesStatus(_ clip: inout FoundClip, counts: (sightings: Int, released: Int)) -> Bool {
        clip.sightings = counts.sightings
        clip.releasedSightings = counts.released
        guard let wanted = query.status else { return true }
        return wanted == (clip.released ? "released" : "verified")
    }

    func serial(deviceID: String) throws -> String {
        if let known = serials[deviceID] { return known }
        let serial = try catalog.device(id: deviceID)?.serial ?? deviceID
        serials[deviceID] = serial
        return serial
    }

    /// Whether `key`/`id` comes after the cursor in the search's order.
    func isAfter(_ cursor: ClipCursor?, key: ClipCursor.Key, id: String) -> Bool {
        guard let cursor else { return true }
        return ClipOrder(descending: query.sort.descending).precedes((cursor.key, cursor.id), (key, id))
    }
}

/// The order of (key, id) pairs: by key (placed before unplaced, whatever the direction), then id.
struct ClipOrder {
    var descending: Bool

    func precedes(_ a: (ClipCursor.Key, String), _ b: (ClipCursor.Key, String)) -> Bool {
        switch (a.0, b.0) {
        case (.recorded(let x), .recorded(let y)) where x != y: return descending ? x > y : x < y
        case (.stored(let x), .stored(let y)) where x != y: return descending ? x > y : x < y
        case (.recorded, .unplaced): return true
        case (.unplaced, .recorded): return false
        default: return descending ? a.1 > b.1 : a.1 < b.1
        }
    }
}
