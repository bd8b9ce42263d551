import ComplianceCatalog
import Evidence
import Foundation
import Gateway
import Offload
import Presentation
import Testing
import TestSupport

/// The recorded-time index a long-running gateway keeps (``RecordedIndex``) answers every search with
/// the very pages the window-by-window walk gives (the oracle: a gateway not opened for serving keeps no
/// index), and follows the catalog as clips arrive and clock readings are taken.
@Suite("Recorded-time index", .serialized)
struct RecordedIndexTests {
    static let searches: [[String: String]] = [
        [:], ["sort": "recorded"], ["device": "B002345"], ["device": "E005678", "sort": "recorded"],
        ["officer": "310045"], ["officer": "310045", "sort": "recorded"], ["officer": "NO-SUCH"], ["kind": "photo"],
        ["integrity": "truncated"], ["status": "released"], ["status": "verified", "sort": "recorded"],
        ["from": "2026-11-03T10:00:00+08:00"], ["from": "2026-11-03T09:31:10+08:00", "sort": "recorded"],
        ["from": "2026-11-03T09:31:10+08:00", "to": "2026-11-03T10:00:00+08:00"],
        ["from": "2026-11-03T10:00:21+08:00", "to": "2026-11-03T10:04:59+08:00"],
        ["to": "2026-11-03T10:10:00+08:00"], ["to": "2026-11-03T10:10:00+08:00", "sort": "recorded"],
        ["device": "B002345", "from": "2026-11-03T10:00:20+08:00", "to": "2026-11-03T10:05:00+08:00"],
        ["device": "B002345", "from": "2026-11-03T10:10:30+08:00", "to": "2026-11-03T10:19:00+08:00"],
        ["from": "2000-01-01T00:00:00Z", "to": "2000-01-02T00:00:00Z"],
    ]

    /// Every page of each search at a few page sizes, cursors followed, as the documents the API serves:
    /// encoded from the page (`served` false), or as a long-running gateway serves them, written from
    /// the entries it keeps (``Gateway/clipPageDocument(_:)``).
    static func pages(_ gateway: Gateway, served: Bool = false) throws -> [String] {
        var documents: [String] = []
        for search in searches {
            for limit in [1, 2, 3, 50] {
                var cursor: String?
                var count = 0
                repeat {
                    var parameters = search
                    parameters["limit"] = String(limit)
                    if let cursor { parameters["cursor"] = cursor }
                    let query = try ClipQuery.parse(parameters)
                    let document = served ? try gateway.clipPageDocument(query) : try DocumentEncoder.encode(try gateway.clips(query))
                    documents.append(parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&") + ": " + String(decoding: document, as: UTF8.self))
                    let object = try #require(try JSONSerialization.jsonObject(with: document) as? [String: Any])
                    cursor = object["next_cursor"] as? String
                    count += 1
                    try #require(count <= 20, "the pages of \(search) do not end")
                } while cursor != nil
            }
        }
        return documents
    }

    /// The served gateway's pages equal the plain walk's: found through the index, and written from its
    /// kept entries twice (the second time from memory, where nothing changed).
    static func expectSamePages(_ served: Gateway, _ plain: Gateway, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let walked = try pages(plain)
        let before = try #require(served.clipPageEntryCounts)
        for (what, indexed) in [("index's page", try pages(served)), ("page written from the kept entries", try pages(served, served: true)),
                                ("page written again", try pages(served, served: true))] {
            #expect(indexed.count == walked.count, sourceLocation: sourceLocation)
            for (a, b) in zip(indexed, walked) where a != b {
                Issue.record("the \(what) differs:\n\(a)\nthe walk's:\n\(b)", sourceLocation: sourceLocation)
                return
            }
        }
        let after = try #require(served.clipPageEntryCounts)
        #expect(after.fromMemory > before.fromMemory, "no entry was written from memory", sourceLocation: sourceLocation)
    }

    @Test func theIndexGivesTheWalksPagesOnTheScenario() throws {
        let scenario = try ClipScenario.get()
        let home = GatewayHome(root: scenario.home)
        let served = try Gateway.open(home)
        // Every clip is placed in time (each has a device-clock span).
        #expect(try served.buildClipIndex() == scenario.ids.count)
        try Self.expectSamePages(served, Gateway(home: home))
    }

    /// Built over an empty home, the index takes in each offload, the clock readings (B's ten minutes,
    /// E's reset) and a release as they come, each checked against a fresh walk.
    @Test func theIndexFollowsOffloadsReadingsAndReleases() throws {
        let folder = try TempDirectory(prefix: "recorded-index")
        var cards: [String: String] = [:]
        for card in ClipScenario.cards {
            let volume = folder.url.appendingPathComponent("card-\(card.serial)")
            _ = try card.write(into: volume)
            cards[card.serial] = volume.path
        }
        let root = folder.url.appendingPathComponent("home")
        let recgate = Recgate(home: root)
        try recgate.expect(0, ["offload", "--volume", cards["A001234"]!])
        let served = try Gateway.open(GatewayHome(root: root))
        #expect(try served.buildClipIndex() == 3)
        let plain = Gateway(home: GatewayHome(root: root))
        try Self.expectSamePages(served, plain)
        for serial in ["B002345", "C003456", "D004567", "E005678"] {
            try recgate.expect(0, ["offload", "--volume", cards[serial]!])
            try Self.expectSamePages(served, plain)
        }
        try recgate.expect(0, ["clock", "import", try write(ClipScenario.clockFile, to: "clock.json", in: folder.url).path])
        try Self.expectSamePages(served, plain)
        // B's first clip as the ten-minutes-fast clock places it: the index moved it.
        let b1 = try served.clips(try ClipQuery.parse(["device": "B002345", "sort": "recorded", "limit": "1"]))
        #expect(b1.clips.first?.recorded_start?.hasPrefix("2026-11-03T10:00:00") == true, "\(b1.clips)")
        try recgate.expect(0, ["offload", "--volume", cards["C003456"]!, "--release"])
        try Self.expectSamePages(served, plain)
        // A later probe finds a clip corrupt: its entry is written anew (the kept one shows "ok").
        let clip = try #require(try served.clips(try ClipQuery.parse(["device": "D004567", "limit": "1"])).clips.first)
        try served.catalog().recordMedia(ClipMediaRow(clipID: clip.id, prober: "second-opinion", probedAt: Date(), format: nil,
                                                      duration: nil, integrity: "corrupt", creationTime: nil, facts: "{}"), actor: "test")
        let again = try served.clipPageDocument(try ClipQuery.parse(["device": "D004567", "limit": "1"]))
        #expect(String(decoding: again, as: UTF8.self).contains("\"integrity\" : \"corrupt\""))
        try Self.expectSamePages(served, plain)
    }
}
