import Foundation
import Testing
import TestSupport

@Suite("recgate case report: per department and per officer, as text, JSON and HTML")
struct CaseReportCommandTests {
    /// No recording in the home: every audio-visual step is missing its recording.
    /// R1 (一中队): S1 inspection by 310045 (missing), S2 legal review by 310045.
    /// R2 (二中队): S1 direct service by 310046 (missing), S2 approval by 310046.
    /// R3 (no department, October): S1 approval by 310047.
    static let cases = """
        [{"case_id": "CZ-R-1", "title": "<script>alert('x')</script> & 检查", "department": "一中队",
          "steps": [{"id": "S1", "type": "on_site_inspection", "start": "2026-11-03T09:30:00+08:00",
                     "end": "2026-11-03T10:00:00+08:00", "officers": ["310045"]},
                    {"id": "S2", "type": "legal_review", "start": "2026-11-04T09:30:00+08:00",
                     "end": "2026-11-04T10:00:00+08:00", "officers": ["310045"],
                     "handler": "310045", "reviewer": "310050", "approver": "310060"}]},
         {"case_id": "CZ-R-2", "title": "送达", "department": "二中队",
          "steps": [{"id": "S1", "type": "service_direct", "start": "2026-11-05T09:30:00+08:00",
                     "end": "2026-11-05T10:00:00+08:00", "officers": ["310046"]},
                    {"id": "S2", "type": "approval", "start": "2026-11-02T09:30:00+08:00",
                     "end": "2026-11-02T10:00:00+08:00", "officers": ["310046"],
                     "handler": "310046", "reviewer": "310050", "approver": "310060"}]},
         {"case_id": "CZ-R-3",
          "steps": [{"id": "S1", "type": "approval", "start": "2026-10-02T09:30:00+08:00",
                     "end": "2026-10-02T10:00:00+08:00", "officers": ["310047"],
                     "handler": "310047", "reviewer": "310050", "approver": "310060"}]}]
        """

    struct Report: Decodable {
        struct Tally: Decodable, Equatable {
            var cases: Int
            var steps: Int
            var steps_with_findings: Int
            var findings_by_kind: [String: Int]
            var errors: Int
            var warnings: Int
            var infos: Int
        }
        struct Group: Decodable {
            var department: String?
            var officer: String?
            var cases: Int
            var steps: Int
            var steps_with_findings: Int
            var findings_by_kind: [String: Int]
        }
        struct Case: Decodable {
            var case_id: String
            var title: String?
            var department: String?
            var steps: Int
            var steps_with_findings: Int
            var errors: Int
            var check: Check?
        }
        struct Check: Decodable {
            struct Finding: Decodable { var kind: String; var step_id: String? }
            var case_id: String
            var findings: [Finding]
        }
        var since: String?
        var totals: Tally
        var departments: [Group]
        var officers: [Group]
        var cases: [Case]
    }

    @Test func summaryCountsAndTheHTMLPage() throws {
        let folder = try TempDirectory(prefix: "recgate-report")
        let recgate = Recgate(home: folder.path("home"))
        try recgate.expect(0, ["case", "import", try write(Self.cases, to: "cases.json", in: folder.url).path])
        let html = folder.path("report.html")
        let report = try recgate.json(Report.self, ["case", "report", "--html", html.path])

        #expect(report.totals == .init(cases: 3, steps: 5, steps_with_findings: 2, findings_by_kind: ["missing_recording": 2],
                                       errors: 2, warnings: 0, infos: 0))
        #expect(report.departments.map(\.department) == ["一中队", "二中队", nil])
        #expect(report.departments.map(\.cases) == [1, 1, 1])
        #expect(report.departments.map(\.steps) == [2, 2, 1])
        #expect(report.departments.map(\.steps_with_findings) == [1, 1, 0])
        #expect(report.departments.map(\.findings_by_kind) == [["missing_recording": 1], ["missing_recording": 1], [:]])
        #expect(report.officers.map(\.officer) == ["310045", "310046", "310047"])
        #expect(report.officers.map(\.steps) == [2, 2, 1])
        #expect(report.officers.map(\.steps_with_findings) == [1, 1, 0])
        #expect(report.cases.map(\.case_id) == ["CZ-R-1", "CZ-R-2", "CZ-R-3"])
        #expect(report.cases.map(\.errors) == [1, 1, 0])
        #expect(report.cases.map { $0.check?.findings.map(\.step_id) ?? [] } == [["S1"], ["S1"], []])

        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh\">"))
        #expect(page.contains("<meta charset=\"utf-8\">") && page.contains("<style>"))
        for id in ["CZ-R-1", "CZ-R-2", "CZ-R-3"] { #expect(page.contains(id)) }
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 检查"))
        #expect(!page.contains("<script"), "the title's markup is text, not markup")
        #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("src="), "nothing loaded from outside")
        #expect(page.contains("未找到录像"))

        // Only cases with a step since November: R3 is left out.
        let recent = try recgate.json(Report.self, ["case", "report", "--since", "2026-11-01"])
        #expect(recent.cases.map(\.case_id) == ["CZ-R-1", "CZ-R-2"])
        #expect(recent.totals.cases == 2 && recent.totals.steps == 4)
        #expect(recent.since == "2026-10-31T16:00:00Z")
        #expect(try recgate.json(Report.self, ["case", "report", "--since", "2026-11-05T10:00:00+08:00"]).cases.map(\.case_id) == ["CZ-R-2"])

        let text = try recgate.expect(0, ["case", "report"]).stdout
        #expect(text.hasPrefix("3 cases: 5 steps, 2 with findings; 2 errors, 0 warnings, 0 info\n"))
        #expect(text.contains("  310045              cases 1  steps 2  with findings 1  missing_recording 1\n"))
        #expect(try recgate.run(["case", "report", "--since", "November"]).status == 64)
    }

    @Test func aStepCatalogueInTheHomeReplacesTheShippedOne() throws {
        let folder = try TempDirectory(prefix: "recgate-report")
        let recgate = Recgate(home: folder.path("home"))
        try FileManager.default.createDirectory(at: recgate.home, withIntermediateDirectories: true)
        // A bureau that records its patrols and nothing else.
        _ = try write("""
            {"version": 1, "steps": [{"type": "patrol", "name_zh": "巡查", "name_en": "patrol", "recording": "av_portable",
              "recording_articles": ["11(1)"], "full_process": "when_marked", "full_process_articles": ["11(2)"]}]}
            """, to: "steps.json", in: recgate.home)
        let patrol = try write("""
            {"case_id": "CZ-P-1", "steps": [{"id": "S1", "type": "patrol", "start": "2026-11-03T09:30:00+08:00",
              "end": "2026-11-03T10:00:00+08:00", "officers": ["310045"]}]}
            """, to: "patrol.json", in: folder.url).path
        try recgate.expect(0, ["case", "import", patrol])
        let text = try recgate.expect(1, ["case", "check", "CZ-P-1"]).stdout
        #expect(text.contains("S1  巡查 patrol"))
        // The shipped types are unknown to this home.
        let inspection = try write(Self.cases, to: "cases.json", in: folder.url).path
        #expect(try recgate.expect(1, ["case", "import", inspection]).stderr.contains("unknown step type \"on_site_inspection\""))

        // A broken override is reported with its places, and nothing runs.
        _ = try write("{\"version\": 2, \"steps\": []}", to: "steps.json", in: recgate.home)
        let broken = try recgate.expect(1, ["case", "import", patrol])
        #expect(broken.stderr.contains("\(recgate.home.appendingPathComponent("steps.json").path):1:13: version: this gateway reads catalogue version 1"))
        #expect(try recgate.run(["case", "check", "CZ-P-1"]).status == 3)
    }
}
