import Evidence
import Foundation
import Testing
import TestSupport

/// Bounds on what case, custody and clock files and the clock command may bring in: identifiers,
/// times, custody against what the catalog already holds, and which step catalogue judged a case.
@Suite("recgate imports: identifiers, plausible times, custody overlaps across files, the step catalogue's identity")
struct InputBoundsCommandTests {
    /// The problems of a refused import, as `--json` gives them: field → (kind, line, message).
    func problems(_ recgate: Recgate, _ command: [String]) throws -> [String: (kind: String, line: Int?, message: String)] {
        let document = try recgate.object(status: 1, command)
        #expect(document["imported"] as? Bool == false)
        let errors = try #require(document["errors"] as? [[String: Any]])
        var byField: [String: (String, Int?, String)] = [:]
        for error in errors {
            byField[error["field"] as? String ?? "?"] = (error["kind"] as? String ?? "?", error["line"] as? Int,
                                                         error["message"] as? String ?? "")
        }
        return byField
    }

    @Test func identifiersHaveALengthAndACharacterSet() throws {
        let folder = try TempDirectory(prefix: "recgate-bounds")
        let recgate = Recgate(home: folder.path("home"))
        let long = String(repeating: "C", count: 65)
        let cases = try write("""
            [{"case_id": "\(long)", "steps": [
               {"id": "S1\\u001b[2J", "type": "legal_review", "start": "2026-11-03T09:00:00+08:00",
                "end": "2026-11-03T10:00:00+08:00"},
               {"id": "S2", "type": "on_site_inspection", "start": "2026-11-03T09:00:00+08:00",
                "end": "2026-11-03T10:00:00+08:00", "officers": ["310 045", "张伟"], "devices": ["CAM\\u0085"]}]}]
            """, to: "cases.json", in: folder.url).path
        let found = try problems(recgate, ["case", "import", cases])
        #expect(Set(found.keys) == ["[0].case_id", "[0].steps[0].id", "[0].steps[1].officers[0]", "[0].steps[1].devices[0]"])
        #expect(found.values.allSatisfy { $0.kind == "invalid_identifier" })
        #expect(found["[0].case_id"]?.line == 1)
        #expect(found["[0].case_id"]?.message == "\"case_id\" is 65 characters long; an identifier has at most 64")
        #expect(found["[0].steps[0].id"]?.line == 2)
        #expect(found["[0].steps[0].id"]?.message
                == "\"id\" contains a control character (\\x1b); an identifier has letters, digits and - _ . / : only")
        #expect(found["[0].steps[1].officers[0]"]?.message.contains("contains a space (U+0020)") == true)
        #expect(found["[0].steps[1].devices[0]"]?.message.contains("a control character (\\u{85})") == true)
        // As text: the places as before, and no control character reaches the terminal.
        let text = try recgate.expect(1, ["case", "import", cases])
        #expect(text.stderr.contains("\(cases):2:11: [0].steps[0].id: \"id\" contains a control character (\\x1b)"))
        #expect(!text.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x85 })

        let csv = try write("""
            case_id,step_id,type,start,end,officers
            CZ-1,S:1/a.b_c-d,legal_review,2026-11-03T09:00:00+08:00,2026-11-03T10:00:00+08:00,
            \(long),S1,legal_review,2026-11-03T09:00:00+08:00,2026-11-03T10:00:00+08:00,

            """, to: "cases.csv", in: folder.url).path
        let csvProblems = try problems(recgate, ["case", "import", csv])
        #expect(csvProblems.count == 1)
        #expect(csvProblems["case_id"]?.kind == "invalid_identifier")
        #expect(csvProblems["case_id"]?.line == 3)

        let custody = try write("""
            [{"officer": "\(String(repeating: "警", count: 65))", "device": "A001234", "from": "2026-11-03T08:00:00+08:00", "to": null},
             {"officer": "310045", "device": "A\\t1", "from": "2026-11-03T08:00:00+08:00", "to": null}]
            """, to: "custody.json", in: folder.url).path
        let custodyProblems = try problems(recgate, ["custody", "import", custody])
        #expect(Set(custodyProblems.keys) == ["[0].officer", "[1].device"])
        #expect(custodyProblems["[1].device"]?.message.contains("(\\t)") == true)

        let clock = try write("""
            [{"device": "A 1", "device_time": "2026-11-03T09:30:15", "gateway_time": "2026-11-03T09:30:00+08:00"}]
            """, to: "clock.json", in: folder.url).path
        let clockProblems = try problems(recgate, ["clock", "import", clock])
        #expect(clockProblems["[0].device"]?.kind == "invalid_identifier")

        // Letters of any script, digits and - _ . / : are identifiers.
        let good = try write("""
            {"case_id": "CZ-ZJ/2026:0142.a_b", "steps": [{"id": "环节1", "type": "on_site_inspection",
              "start": "2026-11-03T09:00:00+08:00", "end": "2026-11-03T10:00:00+08:00", "officers": ["张伟"]}]}
            """, to: "good.json", in: folder.url).path
        try recgate.expect(0, ["case", "import", good])
        #expect(try catalogCases(recgate) == ["CZ-ZJ/2026:0142.a_b"])

        let usage = try recgate.run(["clock", "record", "--device", "A\u{1b}[31m", "--device-time", "2026-11-03 09:30:15"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("--device contains a control character (\\x1b)"))
    }

    @Test func fileTextPrintedByTheCLIComesOutEscaped() throws {
        let folder = try TempDirectory(prefix: "recgate-bounds")
        let recgate = Recgate(home: folder.path("home"))
        // A title is free text, not an identifier: it is kept as written, and printed escaped.
        let cases = try write("""
            {"case_id": "CZ-T-1", "title": "\\u001b]0;owned\\u0007\\u001b[31mred\\u001b[0m\\r\\u009b2J",
             "steps": [{"id": "S1", "type": "legal_review", "start": "2026-11-03T09:00:00+08:00", "end": "2026-11-03T10:00:00+08:00"}]}
            """, to: "cases.json", in: folder.url).path
        try recgate.expect(0, ["case", "import", cases])
        for command in [["case", "check", "CZ-T-1"], ["case", "report"]] {
            let output = try recgate.expect(0, command)
            #expect(output.stdout.contains("\\x1b]0;owned\\x07\\x1b[31mred\\x1b[0m\\r\\u{9b}2J"), "\(command): \(output.stdout)")
            #expect(!output.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0 == "\r" })
        }
        // JSON keeps the title exactly (its encoder escapes controls itself).
        let check = try recgate.run(["case", "report", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let first = try #require((report["cases"] as? [[String: Any]])?.first)
        #expect(first["title"] as? String == "\u{1b}]0;owned\u{07}\u{1b}[31mred\u{1b}[0m\r\u{9b}2J")
    }

    @Test func timesLieBetween2000And2100() throws {
        let folder = try TempDirectory(prefix: "recgate-bounds")
        let recgate = Recgate(home: folder.path("home"))
        let cases = try write("""
            {"case_id": "CZ-1", "steps": [{"id": "S1", "type": "legal_review", "start": "1999-12-31T23:59:59Z",
              "end": "2100-01-01T00:00:00Z"}]}
            """, to: "cases.json", in: folder.url).path
        let found = try problems(recgate, ["case", "import", cases])
        #expect(found["steps[0].start"]?.kind == "time_out_of_range")
        #expect(found["steps[0].start"]?.message
                == "1999-12-31T23:59:59Z is outside the plausible range of times, 2000-01-01 to 2100-01-01")
        #expect(found["steps[0].end"]?.kind == "time_out_of_range")

        let csv = try write("""
            case_id,step_id,type,start,end
            CZ-2,S1,legal_review,2026-11-03T09:00:00+08:00,2206-11-03T10:00:00+08:00

            """, to: "cases.csv", in: folder.url).path
        let csvProblems = try problems(recgate, ["case", "import", csv])
        #expect(csvProblems["end"]?.kind == "time_out_of_range")
        #expect(csvProblems["end"]?.line == 2)

        let custody = try write("""
            [{"officer": "310045", "device": "A001234", "from": "1970-01-01T00:00:00Z", "to": "2026-11-03T09:00:00+08:00"}]
            """, to: "custody.json", in: folder.url).path
        #expect(try problems(recgate, ["custody", "import", custody])["[0].from"]?.kind == "time_out_of_range")

        let clock = try write("""
            [{"device": "A001234", "device_time": "1999-12-31 23:59:59", "gateway_time": "2026-11-03T09:30:00+08:00"},
             {"device": "A001234", "device_time": "2026-11-03 09:30:00", "gateway_time": "2100-01-01T00:00:00Z"}]
            """, to: "clock.json", in: folder.url).path
        let clockProblems = try problems(recgate, ["clock", "import", clock])
        #expect(clockProblems["[0].device_time"]?.message
                == "1999-12-31T23:59:59 is outside the plausible range of times, 2000-01-01 to 2100-01-01")
        #expect(clockProblems["[1].gateway_time"]?.kind == "time_out_of_range")

        // A reset clock shows 2000-01-01: a real reading, kept.
        let reset = try write("""
            [{"device": "A001234", "device_time": "2000-01-01 00:00:05", "gateway_time": "2026-11-03T09:30:00+08:00"}]
            """, to: "reset.json", in: folder.url).path
        try recgate.expect(0, ["clock", "import", reset])

        for (args, message) in [
            (["--device-time", "1999-01-01 00:00:00"], "--device-time: 1999-01-01T00:00:00 is outside the plausible range"),
            (["--device-time", "2026-11-03 09:30:00", "--at", "2100-01-01T00:00:00Z"], "--at: 2100-01-01T00:00:00Z is outside the plausible range"),
            (["--device-time", "2026-11-03 09:30:00", "--at", "1969-12-31T23:59:59-01:00"], "--at: 1970-01-01T00:59:59Z is outside"),
        ] {
            let result = try recgate.run(["clock", "record", "--device", "A001234"] + args)
            #expect(result.status == 64, "\(args): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(args): \(result.stderr)")
        }
        #expect(try recgate.expect(64, ["case", "report", "--since", "2150-01-01"]).stderr.contains("outside the plausible range"))
    }

    @Test func custodyOverlapsAreCheckedAgainstTheCatalog() throws {
        let folder = try TempDirectory(prefix: "recgate-bounds")
        let recgate = Recgate(home: folder.path("home"))
        let first = try write("""
            [{"officer": "310045", "device": "A001234", "from": "2026-11-03T08:00:00+08:00", "to": "2026-11-03T12:00:00+08:00"},
             {"officer": "310045", "device": "B002345", "from": "2026-11-03T08:00:00+08:00", "to": null}]
            """, to: "morning.json", in: folder.url).path
        try recgate.expect(0, ["custody", "import", first])
        // The same file again: the same periods, not overlaps.
        #expect(try recgate.expect(0, ["custody", "import", first]).stdout.contains("0 added, 0 updated, 2 unchanged"))

        let second = try write("""
            [{"officer": "310046", "device": "A001234", "from": "2026-11-03T12:00:00+08:00", "to": "2026-11-03T18:00:00+08:00"},
             {"officer": "310046", "device": "A001234", "from": "2026-11-03T11:00:00+08:00", "to": "2026-11-03T11:30:00+08:00"},
             {"officer": "310047", "device": "B002345", "from": "2026-11-04T08:00:00+08:00", "to": "2026-11-04T09:00:00+08:00"}]
            """, to: "afternoon.json", in: folder.url).path
        let refused = try recgate.expect(1, ["custody", "import", second])
        let lines = refused.stderr.split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "\(refused.stderr)")
        // Each at its own `from`, naming both periods and where the catalog's came from.
        #expect(lines[0].hasPrefix("\(second):2:53: [1].from: device A001234 is already held by officer 310045 from "
                                   + "2026-11-03T00:00:00Z to 2026-11-03T04:00:00Z (in the catalog from file:morning.json, recorded 20"))
        #expect(lines[0].hasSuffix("); this period of officer 310046 from 2026-11-03T03:00:00Z to 2026-11-03T03:30:00Z overlaps it"))
        #expect(lines[1].hasPrefix("\(second):3:53: [2].from: device B002345 is already held by officer 310045 from "
                                   + "2026-11-03T00:00:00Z to (open) (in the catalog from file:morning.json, recorded 20"))
        #expect(lines[1].hasSuffix("); this period of officer 310047 from 2026-11-04T00:00:00Z to 2026-11-04T01:00:00Z overlaps it"))
        #expect(lines[2] == "recgate: \(second): 2 problems; nothing was imported")
        // Nothing of the refused file was stored: its first period, which overlaps nothing, is not there.
        let catalog = try Catalog(path: recgate.home.appendingPathComponent("catalog.sqlite"))
        #expect(try catalog.custody(officers: ["310046", "310047"], from: 0, to: Int64.max / 2).isEmpty)

        // Without the overlaps it goes in; the period starting when 310045's ends does not overlap it.
        let fixed = try write("""
            [{"officer": "310046", "device": "A001234", "from": "2026-11-03T12:00:00+08:00", "to": "2026-11-03T18:00:00+08:00"}]
            """, to: "afternoon-fixed.json", in: folder.url).path
        try recgate.expect(0, ["custody", "import", fixed])
        #expect(try catalog.custody(officers: ["310046"], from: 0, to: Int64.max / 2).count == 1)
        // Closing 310045's morning later than 310046's start is an overlap too, now from the other side.
        let late = try write("""
            [{"officer": "310045", "device": "A001234", "from": "2026-11-03T08:00:00+08:00", "to": "2026-11-03T13:00:00+08:00"}]
            """, to: "morning-late.json", in: folder.url).path
        let lateRefused = try recgate.expect(1, ["custody", "import", late])
        #expect(lateRefused.stderr.contains("device A001234 is already held by officer 310046 from 2026-11-03T04:00:00Z to 2026-11-03T10:00:00Z (in the catalog from file:afternoon-fixed.json"))
    }

    @Test func theStepCatalogueInUseIsNamedInEveryCheckAndItsChangesAudited() throws {
        let folder = try TempDirectory(prefix: "recgate-bounds")
        let recgate = Recgate(home: folder.path("home"))
        let cases = try write("""
            {"case_id": "CZ-1", "steps": [{"id": "S1", "type": "legal_review", "start": "2026-11-03T09:00:00+08:00",
              "end": "2026-11-03T10:00:00+08:00"}]}
            """, to: "cases.json", in: folder.url).path
        try recgate.expect(0, ["case", "import", cases])
        let shipped = PackageRoot.url.appendingPathComponent("Sources/Compliance/Resources/steps.json")
        let shippedDigest = try sha256sum(shipped)

        func catalogue() throws -> [String: String] {
            let check = try recgate.object(["case", "check", "CZ-1"])
            return try #require(check["catalogue"] as? [String: String])
        }
        #expect(try catalogue() == ["source": "shipped", "sha256": shippedDigest])
        #expect(try recgate.expect(0, ["case", "check", "CZ-1"]).stdout.contains("step catalogue 环节目录: shipped, sha256 \(shippedDigest)"))

        // The same rules with one more line at the end: another file, so another identity.
        let override = recgate.home.appendingPathComponent("steps.json")
        try (try Data(contentsOf: shipped) + Data("\n".utf8)).write(to: override)
        let overrideDigest = try sha256sum(override)
        #expect(overrideDigest != shippedDigest)
        #expect(try catalogue() == ["source": "override", "sha256": overrideDigest])
        #expect(try catalogue() == ["source": "override", "sha256": overrideDigest])
        let report = try recgate.object(["case", "report"])
        #expect(report["catalogue"] as? [String: String] == ["source": "override", "sha256": overrideDigest])
        let html = folder.path("report.html").path
        try recgate.expect(0, ["case", "report", "--html", html])
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("override (steps.json), sha256 \(overrideDigest)"))

        try FileManager.default.removeItem(at: override)
        #expect(try catalogue() == ["source": "shipped", "sha256": shippedDigest])

        // One entry each time the catalogue in use changed (the first one seen included), none for
        // the checks that loaded the same one again.
        let catalog = try Catalog(path: recgate.home.appendingPathComponent("catalog.sqlite"))
        let changes = try catalog.auditEntries(afterSeq: 0, limit: 100_000).filter { $0.action == "catalogue.changed" }
        #expect(changes.map(\.digest) == [shippedDigest, overrideDigest, shippedDigest])
        let details = try changes.map { try #require(try JSONSerialization.jsonObject(with: Data($0.detail.utf8)) as? [String: Any]) }
        #expect(details.map { $0["old_sha256"] as? String } == [nil, shippedDigest, overrideDigest])
        #expect(details.map { $0["new_sha256"] as? String } == [shippedDigest, overrideDigest, shippedDigest])
        #expect(details.map { $0["source"] as? String } == ["shipped", "override", "shipped"])
        try recgate.expect(0, ["audit", "verify"])
    }

    /// The SHA-256 `sha256sum` gives for a file.
    func sha256sum(_ url: URL) throws -> String {
        let output = try runChecked("sha256sum", [url.path])
        return String(output.stdout.prefix(64))
    }

    func catalogCases(_ recgate: Recgate) throws -> [String] {
        try Catalog(path: recgate.home.appendingPathComponent("catalog.sqlite")).caseIDs()
    }
}
