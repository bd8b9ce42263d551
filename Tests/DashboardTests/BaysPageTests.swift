import Foundation
import Presentation
import Testing
@testable import Dashboard

@Suite struct BaysPageTests {
    @Test func theGridHasOneCardPerBayWithTheDevicesProgress() throws {
        let page = Pages.bays(status: Fixtures.status, health: Fixtures.health, context: Fixtures.context(.equipmentKeeper))
        let doc = try page.tree()
        let cards = doc.select("#bay-grid .bay")
        #expect(cards.map { $0["data-bay"] } == ["1", "2", "3"])

        let one = try #require(doc.first(".bay[data-bay=\"1\"]"))
        #expect(one["data-state"] == "offloading")
        #expect(one.first(".state")?.textContent == "正在导出")
        #expect(one.first(".serial")?.textContent == "DSJ-A1001")
        #expect(one.first(".model")?.textContent == "DSJ-V9")
        // The running session, not the older interrupted one of the same device.
        let bar = try #require(one.first("progress"))
        #expect(bar["value"] == "314572800")
        #expect(bar["max"] == "1258291200")
        #expect(one.first(".bytes")?.textContent == "300.0 MiB / 1.2 GiB")
        #expect(one.first(".file")?.textContent == "DCIM/100MEDIA/20261103_093000_0042.MP4")
        // Health: battery warning, storage and clock offset shown, the sequence-gap fault listed.
        #expect(one.first("dd.battery")?["data-status"] == "warning")
        #expect(one.first("dd.battery")?.textContent == "battery at 14 %")
        #expect(one.first("dd.storage")?.textContent == "12 000 MB of 64 000 MB free")
        #expect(one.first("dd.clock-offset")?.textContent == "clock 1.2 s fast at the last dock")
        #expect(one.select(".faults li").map { $0["data-probe"] } == ["sequence_gaps"])

        let empty = try #require(doc.first(".bay[data-bay=\"2\"]"))
        #expect(empty["data-state"] == "empty")
        #expect(empty.first(".offload")?["hidden"] != nil)
        #expect(empty.first(".serial")?.textContent == "—")

        let failed = try #require(doc.first(".bay[data-bay=\"3\"]"))
        #expect(failed["data-state"] == "failed")
        #expect(failed.first(".model")?.textContent == Fixtures.hostile)
        #expect(failed.first(".device-error")?.textContent == "read failed: \(Fixtures.hostile)")
        #expect(failed.first("h2 small")?.textContent == Fixtures.hostile)
    }

    @Test func everyBayHasAPowerCycleFormWithTheToken() throws {
        let doc = try Pages.bays(status: Fixtures.status, health: [], context: Fixtures.context(.equipmentKeeper)).tree()
        for card in doc.select(".bay") {
            let form = try #require(card.first("form.power-cycle"))
            #expect(form["method"] == "post")
            #expect(form["action"] == "/bays/\(card["data-bay"]!)/power-cycle")
            #expect(form.select("input[name=\"_csrf\"]").map { $0["value"] } == [Fixtures.token])
        }
    }

    @Test func aDeviceOutsideTheBaysIsListedBelowTheGrid() throws {
        let doc = try Pages.bays(status: Fixtures.status, health: [], context: Fixtures.context(.equipmentKeeper)).tree()
        #expect(doc.select("#unplaced-devices tr[data-source]").map { $0["data-source"] } == ["volume:/srv/recgate/volumes/sdc1"])
    }

    @Test func aSessionWithoutATotalShowsAnIndeterminateBar() throws {
        var status = Fixtures.status
        status.sessions[0].bytes_total = nil
        let doc = try Pages.bays(status: status, health: [], context: Fixtures.context(.equipmentKeeper)).tree()
        let bar = try #require(doc.first(".bay[data-bay=\"1\"] progress"))
        #expect(bar["value"] == nil)
        #expect(bar["data-done"] == "314572800")
    }

    /// The script reads the state labels from the grid: they must be JSON it can parse, in the page's language.
    @Test func theScriptsLabelsAreJSONInThePagesLanguage() throws {
        for (language, offloading) in [(Language.zh, "正在导出"), (.en, "offloading")] {
            let doc = try Pages.bays(status: Fixtures.status, health: [], context: Fixtures.context(.equipmentKeeper, language: language)).tree()
            let json = try #require(doc.first("#bay-grid")?["data-state-labels"])
            let labels = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
            #expect(labels["offloading"] == offloading)
            #expect(Set(labels.keys) == ["empty", "queued", "offloading", "offloaded", "failed", "left", "unknown"])
            #expect(doc.first("#bay-grid")?["data-events"] == "/api/events")
        }
    }

    @Test func theAssetsAreServedFromTheBundleAndNothingElse() throws {
        let css = try #require(Assets.named("dashboard.css"))
        #expect(css.contentType.hasPrefix("text/css"))
        #expect(String(decoding: css.bytes, as: UTF8.self).contains("#bay-grid") || String(decoding: css.bytes, as: UTF8.self).contains(".grid"))
        let js = try #require(Assets.named("dashboard.js"))
        #expect(js.contentType.hasPrefix("text/javascript"))
        let script = String(decoding: js.bytes, as: UTF8.self)
        #expect(script.contains("EventSource"))
        #expect(script.contains("bay-grid"))
        #expect(Assets.named("../Page.swift") == nil)
        #expect(Assets.named("dashboard.css/../dashboard.js") == nil)
        #expect(Assets.named("other.js") == nil)
    }

    /// A bay that names a device the document does not list still shows it there, in no invented state.
    @Test func aBayNamingAnUnlistedDeviceShowsItAsUnknown() throws {
        var status = Fixtures.status
        status.bays[1].device = "volume:/srv/recgate/volumes/sdz9"
        let doc = try Pages.bays(status: status, health: [], context: Fixtures.context(.equipmentKeeper, language: .en)).tree()
        let card = try #require(doc.first(".bay[data-bay=\"2\"]"))
        #expect(card["data-state"] == "unknown")
        #expect(card["data-source"] == "volume:/srv/recgate/volumes/sdz9")
        #expect(card.first(".state")?.textContent == "unknown")
    }
}
