import ComplianceCatalog
import Foundation
import Gateway
import Offload
import Presentation
import Testing

/// The clip search's kept page entries (``ClipPageCache``): what it serves is byte for byte the encoded
/// page whatever it holds, and it holds no more than its bound.
@Suite("Clip page entries kept in memory", .serialized)
struct ClipPageCacheTests {
    /// The scenario's searches as pages, each written by `cache` in two rounds and compared with the
    /// encoder's document of the same page. Per round: entries written from memory, entries read from the
    /// catalog, entries in all, and entries of searches with a filter the index does not know (kind, probe
    /// verdict, release state), whose clips are always read.
    static func serveTwice(_ cache: ClipPageCache) throws -> [(fromMemory: Int64, fromCatalog: Int64, entries: Int, filtered: Int)] {
        let scenario = try ClipScenario.get()
        let gateway = Gateway(home: GatewayHome(root: scenario.home))
        let setup = try gateway.caseDesk(create: false)
        let index = RecordedIndex()
        try index.build(desk: setup.desk)
        let finder = ClipFinder(desk: setup.desk, index: index)
        var rounds: [(fromMemory: Int64, fromCatalog: Int64, entries: Int, filtered: Int)] = []
        for _ in 0..<2 {
            let before = cache.counts
            var entries = 0, filtered = 0
            // Each search as a whole page and as a first page of two (the search then looks one clip further).
            for search in RecordedIndexTests.searches + RecordedIndexTests.searches.map({ $0.merging(["limit": "2"]) { $1 } }) {
                let query = try ClipQuery.parse(search)
                let expected = try DocumentEncoder.encode(ClipPage(try finder.find(query), zone: setup.zone))
                let served = try cache.document(zone: setup.zone) { known in try finder.find(query, known: known) }
                #expect(served == expected, "\(search): \(String(decoding: served, as: UTF8.self))")
                let count = try finder.find(query).clips.count
                entries += count
                if query.kind != nil || query.integrity != nil || query.status != nil { filtered += count }
            }
            let after = cache.counts
            rounds.append((after.fromMemory - before.fromMemory, after.fromCatalog - before.fromCatalog, entries, filtered))
        }
        return rounds
    }

    @Test func withRoomForEveryClipTheSecondRoundReadsOnlyFilteredSearches() throws {
        let rounds = try Self.serveTwice(ClipPageCache(byteLimit: 1 << 20))
        for round in rounds { #expect(round.fromMemory + round.fromCatalog == Int64(round.entries)) }
        // The first round reads each of the scenario's eleven clips at most once, and the filtered searches' clips.
        #expect(rounds[0].fromCatalog <= Int64(11 + rounds[0].filtered))
        #expect(rounds[1].fromCatalog == Int64(rounds[1].filtered))
        #expect(rounds[1].fromMemory > 0)
    }

    @Test func withNoRoomEveryClipIsReadEachTime() throws {
        for round in try Self.serveTwice(ClipPageCache(byteLimit: 0)) {
            #expect(round.fromMemory == 0)
            #expect(round.fromCatalog == Int64(round.entries))
        }
    }

    /// Room for about two entries at once: pages stay right while entries come and go.
    @Test func aSmallBoundKeepsFewEntriesAndPagesStayRight() throws {
        let rounds = try Self.serveTwice(ClipPageCache(byteLimit: 4 * (ClipPageCache.entryOverhead + 900)))
        for round in rounds { #expect(round.fromMemory + round.fromCatalog == Int64(round.entries)) }
        #expect(rounds[1].fromCatalog > Int64(rounds[1].filtered))
    }
}
