import ComplianceCatalog
import Foundation
import Gateway
import Offload
import Presentation
import Testing
import TestSupport

/// `recgate clips` and `recgate clip show`: the same documents as the gateway's, one text renderer,
/// clear refusals.
@Suite("recgate clips and clip show", .serialized)
struct ClipCommandTests {
    static func gateway() throws -> Gateway { Gateway(home: GatewayHome(root: try ClipScenario.get().home)) }

    @Test func theJSONIsTheGatewaysDocumentAndTheTextItsRendering() throws {
        let s = try ClipScenario.get()
        let options = ["--device", "B002345", "--from", "2026-11-03T09:00:00+08:00", "--limit", "1"]
        let page = try Self.gateway().clips(try ClipQuery.parse(["device": "B002345", "from": "2026-11-03T09:00:00+08:00", "limit": "1"]))
        let json = String(decoding: try DocumentEncoder.encode(page), as: UTF8.self) + "\n"
        #expect(try s.recgate.expect(0, ["clips"] + options + ["--json"]).stdout == json)
        let text = try s.recgate.expect(0, ["clips"] + options).stdout
        #expect(text == page.text)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true && lines.first?.contains("RECORDED") == true)
        #expect(lines[1].hasPrefix(String(s.ids["B2"]!.prefix(8))) && lines[1].contains("2026-11-03 10:10:00"))
        #expect(lines[1].contains("B002345") && lines[1].contains("310046") && lines[1].contains("verified"))
        let cursor = try #require(page.next_cursor)
        #expect(lines.last == "next page: --cursor \(cursor)")
        let second = try s.recgate.expect(0, ["clips"] + options + ["--cursor", cursor]).stdout
        #expect(second.contains(String(s.ids["B1"]!.prefix(8))) && second.hasSuffix("(last page)\n"))
    }

    @Test func aDeviceTimeNoReadingCorrectedIsMarked() throws {
        let s = try ClipScenario.get()
        let text = try s.recgate.expect(0, ["clips", "--device", "C003456", "--kind", "video"]).stdout
        let c1 = try #require(text.split(separator: "\n").first { $0.hasPrefix(s.ids["C1"]!.prefix(8)) })
        #expect(c1.contains("~2026-11-03 10:05:00") && c1.contains("released"))
        #expect(try s.recgate.expect(0, ["clips", "--device", "NO-SUCH"]).stdout == "no clips\n")
    }

    @Test func refusalsExitTwoNamingTheValue() throws {
        let s = try ClipScenario.get()
        for (args, message) in [
            (["--limit", "501"], "limit \"501\" is not a whole number from 1 to 500"),
            (["--from", "2026-13-01T00:00:00Z"], "there is no month 13"),
            (["--status", "gone"], "status \"gone\""),
            (["--cursor", "garbage!"], "not one this search handed out"),
            (["--step", "S1"], "step needs case"),
            (["--case", "NO-SUCH"], "no case NO-SUCH"),
        ] {
            let result = try s.recgate.expect(2, ["clips"] + args)
            #expect(result.stderr.contains(message), "\(args): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let missing = try s.recgate.expect(2, ["clip", "show", "00000000-0000-0000-0000-000000000000"])
        #expect(missing.stderr.contains("no clip 00000000-0000-0000-0000-000000000000"))
    }

    @Test func clipShowAuditsTheUserAndPrintsTheGatewaysRecord() throws {
        let s = try ClipScenario.get()
        let id = try #require(s.ids["A2"])
        let printed = try JSONDecoder().decode(ClipDetail.self, from: Data(try s.recgate.expect(0, ["clip", "show", id, "--json"]).stdout.utf8))
        let viewed = try #require(printed.audit.last)
        #expect(viewed.action == "clip.viewed" && viewed.actor == "cli:" + OffloadRequest.currentActor())
        var direct = try #require(try Self.gateway().clip(id: id, actor: "web:check"))
        // Each reading adds its own entry; the rest of the record is the same document.
        var shown = printed
        shown.audit.removeLast()
        direct.audit.removeLast()
        direct.audit.removeAll { $0.action == "clip.viewed" && $0.seq >= viewed.seq }
        #expect(try DocumentEncoder.encode(shown) == DocumentEncoder.encode(direct))
        let text = try s.recgate.expect(0, ["clip", "show", id]).stdout
        #expect(text.hasPrefix("clip \(id)\n") && text.contains("recorded    2026-11-03 10:30:50 – 2026-11-03 10:31:30"))
        #expect(text.contains("media       ok: ") && text.contains("sightings: 1") && text.contains("custody during the recording: 2"))
        #expect(text.contains("clip.viewed  cli:"))
    }
}
