import ComplianceCatalog
import Foundation
import Gateway
import Offload
import Presentation
import Testing
import TestSupport

/// Pages behind a cursor visit every clip exactly once, in order, whatever the page size and order; a
/// cursor that is not one of ours, or one made for another search, is refused with a clear error.
@Suite("Clip search pages")
struct ClipPagingTests {
    static func gateway() throws -> Gateway { Gateway(home: GatewayHome(root: try ClipScenario.get().home)) }

    /// Every page of a search, following the cursors.
    static func walk(_ parameters: [String: String], limit: Int) throws -> [String] {
        var ids: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            var p = parameters
            p["limit"] = String(limit)
            if let cursor { p["cursor"] = cursor }
            let page = try gateway().clips(try ClipQuery.parse(p))
            #expect(page.clips.count <= limit)
            #expect(page.clips.count == limit || page.next_cursor == nil, "a short page must be the last")
            ids += page.clips.map(\.id)
            cursor = page.next_cursor
            pages += 1
            try #require(pages <= 20, "the pages do not end")
        } while cursor != nil
        return ids
    }

    @Test(arguments: [1, 2, 3, 5, 8, 9, 50])
    func everyClipOnceInOrderAcrossPages(limit: Int) throws {
        let s = try ClipScenario.get()
        let newest = s.ids(s.newestFirst)
        #expect(try Self.walk([:], limit: limit) == newest)
        #expect(try Self.walk(["sort": "-recorded"], limit: limit) == newest)
        #expect(try Self.walk(["sort": "recorded"], limit: limit) == newest.reversed())
        #expect(try Self.walk(["device": "B002345"], limit: limit) == s.ids(["B2", "B1"]))
        #expect(try Self.walk(["officer": "310045", "sort": "recorded"], limit: limit) == s.ids(["A1", "A2", "A3"]))
        // Ten o'clock on: B#1 (recorded 10:00:00) in, A#1 out.
        #expect(try Self.walk(["from": "2026-11-03T10:00:00+08:00"], limit: limit) == s.ids(s.newestFirst.dropLast()))
        #expect(try Self.walk(["from": "2026-11-03T09:31:11+08:00", "sort": "recorded"], limit: limit)
                == s.ids(s.newestFirst.dropLast().reversed()))
        #expect(try Self.walk(["from": "2026-11-03T09:31:10+08:00", "sort": "recorded"], limit: limit)
                == s.ids(s.newestFirst.reversed()))
        // A clip overlapping `from` that starts before it (A#1 09:29:50–09:31:10) comes in either order.
        #expect(try Self.walk(["from": "2026-11-03T09:31:10+08:00", "to": "2026-11-03T10:00:00+08:00"], limit: limit)
                == s.ids(["B1", "A1"]))
        #expect(try Self.walk(["from": "2026-11-03T09:31:10+08:00", "to": "2026-11-03T10:00:00+08:00", "sort": "recorded"],
                              limit: limit) == s.ids(["A1", "B1"]))
        let stored = try Self.walk(["sort": "stored"], limit: limit)
        #expect(Set(stored) == Set(newest) && stored.count == newest.count)
        #expect(try Self.walk(["sort": "-stored"], limit: limit) == stored.reversed())
    }

    /// Stored order: the store received A's clips, then B's, then C's.
    @Test func storedOrderIsWhenTheStoreReceivedThem() throws {
        let s = try ClipScenario.get()
        let page = try Self.gateway().clips(try ClipQuery.parse(["sort": "stored", "limit": "500"]))
        let position = Dictionary(uniqueKeysWithValues: page.clips.enumerated().map { ($1.id, $0) })
        for (earlier, later) in [("A1", "B1"), ("A3", "B2"), ("B2", "C1"), ("B1", "C3")] {
            #expect(position[s.ids[earlier]!]! < position[s.ids[later]!]!, "\(earlier) before \(later)")
        }
        #expect(page.clips.map(\.stored_at) == page.clips.map(\.stored_at).sorted())
    }

    @Test func aMalformedOrForeignCursorIsRefused() throws {
        let first = try Self.gateway().clips(try ClipQuery.parse(["limit": "2"]))
        let cursor = try #require(first.next_cursor)
        // The same cursor with the same search: accepted.
        _ = try Self.gateway().clips(try ClipQuery.parse(["limit": "2", "cursor": cursor]))
        // Another version of the format, otherwise the same.
        var plain = try #require(Data(base64Encoded: Self.padded(cursor)).flatMap { String(data: $0, encoding: .utf8) })
        #expect(plain.hasPrefix("c1\u{1f}"))
        plain = "c9" + plain.dropFirst(2)
        let tampered = Data(plain.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let cases: [([String: String], String)] = [
            (["cursor": "not a cursor!"], "not one this search handed out"),
            (["cursor": "Zm9vYmFy"], "not one this search handed out"),
            (["cursor": tampered], "not one this search handed out"),
            (["cursor": cursor, "device": "B002345"], "belongs to another search"),
            (["cursor": cursor, "sort": "recorded"], "belongs to another search"),
            (["cursor": cursor, "sort": "stored"], "belongs to another search"),
            (["cursor": String(repeating: "A", count: 5000)], "not one this search handed out"),
        ]
        for (parameters, message) in cases {
            do {
                let page = try Self.gateway().clips(try ClipQuery.parse(parameters.merging(["limit": "2"]) { a, _ in a }))
                Issue.record("\(parameters) was accepted: \(page.clips.map(\.id))")
            } catch let refused as ClipQueryError {
                #expect(refused.description.contains(message), "\(parameters): \(refused)")
            }
        }
    }

    /// base64url to base64.
    static func padded(_ text: String) -> String {
        let base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return base64 + String(repeating: "=", count: (4 - base64.count % 4) % 4)
    }

    @Test func badValuesAreRefusedNamingThem() throws {
        let cases: [([String: String], String)] = [
            (["from": "yesterday"], "from: \"yesterday\" is not an RFC 3339 time"),
            (["to": "2026-11-03T10:00:00"], "has no UTC offset"),
            (["from": "1999-12-31T23:59:59Z"], "outside the plausible range"),
            (["from": "2026-11-03T11:00:00+08:00", "to": "2026-11-03T10:00:00+08:00"], "is after to"),
            (["status": "deleted"], "status \"deleted\" is not one of verified, released"),
            (["integrity": "fine"], "integrity \"fine\" is not one of ok, truncated, corrupt, none"),
            (["kind": "film"], "kind \"film\" is not one of"),
            (["sort": "size"], "sort \"size\" is not one of -recorded, recorded, -stored, stored"),
            (["limit": "0"], "limit \"0\" is not a whole number from 1 to 500"),
            (["limit": "501"], "limit \"501\" is not a whole number from 1 to 500"),
            (["limit": "ten"], "limit \"ten\""),
            (["step": "S1"], "step needs case"),
            (["device": "A 1"], "device \"A 1\" contains"),
            (["officer": ""], "officer is empty"),
            (["colour": "red"], "unknown parameter \"colour\""),
        ]
        for (parameters, message) in cases {
            do {
                _ = try ClipQuery.parse(parameters)
                Issue.record("\(parameters) was accepted")
            } catch {
                #expect(error.description.contains(message), "\(parameters): \(error)")
            }
        }
        // Every problem at once.
        do {
            _ = try ClipQuery.parse(["limit": "0", "status": "x"])
            Issue.record("accepted")
        } catch {
            #expect(error.problems.count == 2)
        }
    }
}
