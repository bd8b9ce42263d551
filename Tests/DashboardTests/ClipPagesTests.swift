import Foundation
import Presentation
import Testing
@testable import Dashboard

@Suite struct ClipPagesTests {
    @Test func theResultsHaveARowPerClipAndTheNextPageCarriesFiltersAndCursor() throws {
        let filters = ClipFilters(device: "DSJ-A1001", officer: "110023", caseID: "JZ/1", from: "2026-11-03T00:00:00+08:00",
                                  kind: "video", sort: "-stored")
        let doc = try Pages.clips(Fixtures.clipPage, filters: filters, context: Fixtures.context(.evidenceStaff)).tree()
        let rows = doc.select("#clip-results tr[data-clip-id]")
        #expect(rows.map { $0["data-clip-id"] } == Fixtures.clipPage.clips.map(\.id))
        #expect(rows[0].select("a").map { $0["href"] }.contains("/clips/\(Fixtures.clipPage.clips[0].id)"))
        #expect(rows[1].select("td")[3].textContent == Fixtures.hostile)
        #expect(rows[1].first("[data-integrity]")?["data-integrity"] == "truncated")

        let next = try #require(doc.first("#next-page")?["href"])
        let components = try #require(URLComponents(string: next))
        #expect(components.path == "/clips")
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query == ["device": "DSJ-A1001", "officer": "110023", "case": "JZ/1", "from": "2026-11-03T00:00:00+08:00",
                          "kind": "video", "sort": "-stored", "cursor": "eyJrIjoiMjAyNi0xMS0wMyJ9+/="])
    }

    @Test func theFormIsAGETWithEveryFilterAndEchoesTheValues() throws {
        let filters = ClipFilters(device: Fixtures.hostile, integrity: "truncated", status: "bogus")
        let doc = try Pages.clips(ClipPage(clips: [], next_cursor: nil), filters: filters, context: Fixtures.context(.evidenceStaff)).tree()
        let form = try #require(doc.first("form#clip-search"))
        #expect(form["method"] == "get")
        #expect(form["action"] == "/clips")
        let names = form.select("input").compactMap { $0["name"] } + form.select("select").compactMap { $0["name"] }
        #expect(Set(names) == ["device", "officer", "case", "step", "from", "to", "kind", "integrity", "status", "sort"])
        #expect(form.first("input[name=\"device\"]")?["value"] == Fixtures.hostile)
        #expect(form.select("select[name=\"integrity\"] option[selected]").map { $0["value"] } == ["truncated"])
        // A value the form does not offer is kept selected, not silently dropped.
        #expect(form.select("select[name=\"status\"] option[selected]").map { $0["value"] } == ["bogus"])
        // A search is not a change: no token in the URL.
        #expect(form.select("input[name=\"_csrf\"]").isEmpty)
        #expect(doc.first("#next-page") == nil)
        #expect(doc.first("#clip-results td.empty") != nil)
    }

    @Test func theClipPageSaysWhichFilePlays() throws {
        let proxy = try Pages.clip(Fixtures.clipDetail, player: PlayerSource(url: "/clips/a/proxy?x=1&y=2", kind: .proxy),
                                   context: Fixtures.context(.evidenceStaff)).tree()
        let video = try #require(proxy.first("video#proxy-player"))
        #expect(video["src"] == "/clips/a/proxy?x=1&y=2")
        #expect(video["controls"] != nil)
        #expect(video["preload"] == "metadata")
        #expect(proxy.first("#player-label")?["data-plays"] == "proxy")
        #expect(proxy.first("#player-label")?.textContent == "正在播放：审看代理文件，并非原始证据")

        let original = try Pages.clip(Fixtures.clipDetail, player: PlayerSource(url: "/clips/a/original", kind: .original),
                                      context: Fixtures.context(.evidenceStaff, language: .en)).tree()
        #expect(original.first("#player-label")?.textContent == "Playing the original evidence file")
        let faststart = try Pages.clip(Fixtures.clipDetail, player: PlayerSource(url: "/f", kind: .faststart),
                                       context: Fixtures.context(.evidenceStaff, language: .en)).tree()
        #expect(faststart.first("#player-label")?.textContent.contains("not the evidence") == true)

        let none = try Pages.clip(Fixtures.clipDetail, player: nil, context: Fixtures.context(.evidenceStaff)).tree()
        #expect(none.first("#proxy-player") == nil)
        #expect(none.first("#player-label")?["data-plays"] == "none")
    }

    @Test func digestsVerificationAndForms() throws {
        let doc = try Pages.clip(Fixtures.clipDetail, player: nil, context: Fixtures.context(.evidenceStaff)).tree()
        let id = Fixtures.clipDetail.clip.id
        #expect(doc.first("#digests .sha256")?.textContent == String(repeating: "ab", count: 32))
        #expect(doc.first("#digests .sm3")?.textContent == String(repeating: "cd", count: 32))
        #expect(doc.first("#verification")?["data-status"] == "verified")
        let verify = try #require(doc.first("form#verify-form"))
        #expect(verify["method"] == "post")
        #expect(verify["action"] == "/clips/\(id)/verify")
        let download = try #require(doc.first("form#download-form"))
        #expect(download["method"] == "post")
        #expect(download["action"] == "/clips/\(id)/download")
        let reason = try #require(download.first("textarea[name=\"reason\"]"))
        #expect(reason["required"] != nil)
        #expect(download.select("input[name=\"_csrf\"]").map { $0["value"] } == [Fixtures.token])
    }

    /// Sightings, release, custody, audit entries and derived copies on one time line, oldest first.
    @Test func theChainOfCustodyIsOneTimelineInTimeOrder() throws {
        let doc = try Pages.clip(Fixtures.clipDetail, player: nil, context: Fixtures.context(.evidenceStaff)).tree()
        let events = doc.select("#custody-timeline li.event")
        // custody from 00:00Z, seen 01:06Z and stored 01:06Z (document order), released 01:20Z, proxy 02:00Z, download 03:00Z
        #expect(events.map { $0["data-kind"] } == ["custody", "sighting", "audit", "release", "derived", "audit"])
        let times = events.compactMap { $0.first("time")?["datetime"] }
        #expect(times == times.sorted())
        #expect(events.last?.first("code.detail")?.textContent == "{\"reason\":\"\(Fixtures.hostile)\"}")
    }
}
