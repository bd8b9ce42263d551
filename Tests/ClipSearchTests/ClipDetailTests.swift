import ComplianceCatalog
import Evidence
import Foundation
import Gateway
import Offload
import Presentation
import Testing
import TestSupport

/// One clip's full record: media facts, sightings, custody during the recording, the clock readings its
/// correction rests on, derived files and its audit trail; reading it is audited with the actor.
@Suite("Clip detail", .serialized)
struct ClipDetailTests {
    static func gateway() throws -> Gateway { Gateway(home: GatewayHome(root: try ClipScenario.get().home)) }

    @Test func theRecordOfAClipFromADeviceTenMinutesFast() throws {
        let s = try ClipScenario.get()
        let id = try #require(s.ids["B1"])
        let detail = try #require(try Self.gateway().clip(id: id, actor: "web:clerk1"))
        #expect(detail.clip.id == id && detail.clip.recorded_start == "2026-11-03T10:00:00+08:00")
        let media = try #require(detail.media)
        #expect(media.integrity == "ok" && media.video_codec == "h264" && media.prober.hasPrefix("recgate-probe"))
        #expect(media.width != nil && media.height != nil && media.size == detail.clip.size)
        #expect(abs((media.duration_s ?? 0) - 20) < 0.1)
        #expect(detail.sightings.count == 1 && detail.sightings[0].device == "B002345" && detail.sightings[0].released_at == nil)
        #expect(detail.sightings[0].source_path == "RECORD/310046_20261103101000.MP4")
        #expect(detail.custody.map(\.officer) == ["310046"])
        #expect(detail.custody.first?.from == "2026-11-03T07:00:00+08:00" && detail.custody.first?.to == "2026-11-03T12:00:00+08:00")
        // Both dock readings anchor the interpolation; each shows the device 600 s ahead.
        #expect(detail.clock.map(\.device_time) == ["2026-11-03T08:10:00", "2026-11-03T18:10:00"])
        #expect(detail.clock.map(\.offset_s) == [600, 600] && detail.clock.allSatisfy { $0.source == "dock" })
        #expect(detail.derived.isEmpty)
        let actions = detail.audit.map(\.action)
        #expect(actions.starts(with: ["clip.stored", "clip.probed"]), "\(actions)")
        #expect(detail.audit.map(\.seq) == detail.audit.map(\.seq).sorted())
        #expect(detail.audit.last?.action == "clip.viewed" && detail.audit.last?.actor == "web:clerk1")
    }

    @Test func viewingIsAuditedWithTheActorAndTheChainStillVerifies() throws {
        let s = try ClipScenario.get()
        let id = try #require(s.ids["A1"])
        let catalog = try Catalog(readingAt: s.home.appendingPathComponent("catalog.sqlite"))
        let before = try catalog.auditEntries(object: "clip:\(id)").filter { $0.action == "clip.viewed" }.count
        _ = try #require(try Self.gateway().clip(id: id, actor: "web:auditor7"))
        let after = try Catalog(readingAt: s.home.appendingPathComponent("catalog.sqlite"))
            .auditEntries(object: "clip:\(id)").filter { $0.action == "clip.viewed" }
        #expect(after.count == before + 1)
        let sha = try catalog.clip(id: id)?.sha256
        #expect(after.last?.actor == "web:auditor7" && after.last?.digest == sha)
        // The list is not audited per clip.
        _ = try Self.gateway().clips(ClipQuery())
        #expect(try Catalog(readingAt: s.home.appendingPathComponent("catalog.sqlite")).auditEntries(object: "clip:\(id)")
                    .filter { $0.action == "clip.viewed" }.count == before + 1)
        try s.recgate.expect(0, ["audit", "verify"])
    }

    @Test func aReleasedClipADerivedFileAndAShaPrefix() throws {
        let s = try ClipScenario.get()
        let c1 = try #require(s.ids["C1"])
        let row = try #require(try Catalog(readingAt: s.home.appendingPathComponent("catalog.sqlite")).clip(id: c1))
        let sheet = s.folder.appendingPathComponent("c1-sheet.jpg")
        if !FileManager.default.fileExists(atPath: sheet.path) {
            try s.recgate.expect(0, ["sheet", row.sha256, "--out", sheet.path])
        }
        let detail = try #require(try Self.gateway().clip(id: String(row.sha256.prefix(12)), actor: "web:clerk2"))
        #expect(detail.clip.id == c1 && detail.clip.status == "released")
        // Offloaded twice: the second run found its sighting and released it.
        #expect(detail.sightings.count == 1 && detail.sightings.first?.released_at != nil)
        #expect(detail.derived.map(\.kind) == ["contact_sheet"])
        #expect(detail.derived.first?.size == Int64((try FileManager.default.attributesOfItem(atPath: sheet.path)[.size] as? Int) ?? -1))
        // Its clock was never read; the dock recorded its officer's custody from its first recording.
        #expect(detail.clock.isEmpty && detail.clip.clock == "no_clock_reading")
        #expect(detail.custody.map(\.officer) == ["310047"])
        // The release names the sighting, and the clip by its digest.
        #expect(detail.audit.map(\.action).starts(with: ["clip.stored", "clip.probed", "device.release"]), "\(detail.audit.map(\.action))")
        // Fewer than 8 hex digits, or no such clip: none.
        #expect(try Self.gateway().clip(id: String(row.sha256.prefix(7)), actor: "web:clerk2") == nil)
        #expect(try Self.gateway().clip(id: "00000000-0000-0000-0000-000000000000", actor: "web:clerk2") == nil)
    }

    @Test func aTruncatedClipAndAPhoto() throws {
        let s = try ClipScenario.get()
        let c2ID = try #require(s.ids["C2"]), c3ID = try #require(s.ids["C3"])
        let c2 = try #require(try Self.gateway().clip(id: c2ID, actor: "web:clerk3"))
        #expect(c2.media?.integrity == "truncated" && c2.clip.integrity == "truncated")
        let c3 = try #require(try Self.gateway().clip(id: c3ID, actor: "web:clerk3"))
        #expect(c3.clip.kind == "photo" && c3.media?.video_codec == "mjpeg")
    }
}
