import Compliance
import Foundation
import Presentation
import Testing
@testable import Dashboard

@Suite struct CasePageTests {
    func page(_ language: Language = .zh) throws -> HTMLNode {
        try Pages.caseCheck(record: Fixtures.record, check: Fixtures.check, catalogue: Fixtures.catalogue,
                            context: Fixtures.context(.legalOffice, language: language)).tree()
    }

    /// S1 runs 09:30–10:00 (1800 s) and is uncovered 09:45–09:50: one gap starting half-way, a sixth wide.
    @Test func aStepWithAGapHasExactlyOneGapSpanningItsFraction() throws {
        let doc = try page()
        let timeline = try #require(doc.first(".step-timeline[data-step=\"S1\"]"))
        let gaps = timeline.select(".gap")
        try #require(gaps.count == 1)
        let svg = try #require(timeline.first("svg"))
        let width = try #require(Double(svg["viewBox"]!.split(separator: " ")[2]))
        let x = try #require(Double(gaps[0]["x"]!)), w = try #require(Double(gaps[0]["width"]!))
        #expect(abs(x / width - 0.5) < 0.001)
        #expect(abs(w / width - 300.0 / 1800) < 0.001)
        #expect(gaps[0]["data-seconds"] == "300")
        // The two clips are bars; the first starts before the step and is clipped to its start.
        let bars = timeline.select(".clip-bar")
        #expect(bars.map { $0["data-clip-id"] } == ["c-1", "c-2"])
        #expect(bars[0]["x"] == "0")
        #expect(abs(Double(bars[0]["width"]!)! / width - 0.5) < 0.001)
        #expect(abs((Double(bars[1]["x"]!)! + Double(bars[1]["width"]!)!) / width - 1) < 0.001)
        #expect(timeline.select(".step-clips a").map { $0["href"] } == ["/clips/c-1", "/clips/c-2"])
    }

    @Test func aStepWithNoRecordingIsOneGapOverTheWholeWindow() throws {
        let doc = try page()
        let gaps = doc.select(".step-timeline[data-step=\"S2\"] .gap")
        try #require(gaps.count == 1)
        #expect(gaps[0]["x"] == "0")
        #expect(gaps[0]["width"] == "1000")
        #expect(doc.select(".step-timeline[data-step=\"S2\"] .clip-bar").isEmpty)
        #expect(doc.first("section.step[data-step=\"S2\"] .coverage")?.textContent == "未找到录像")
    }

    @Test func aDocumentsOnlyStepHasNoTimeline() throws {
        let doc = try page()
        #expect(doc.first(".step-timeline[data-step=\"S3\"]") == nil)
        #expect(doc.first("section.step[data-step=\"S3\"] .documents-only") != nil)
        #expect(doc.select(".gap").count == 2)
    }

    @Test func findingsStandBesideTheirStepWithArticleReferences() throws {
        let doc = try page()
        let s1 = doc.select("section.step[data-step=\"S1\"] .findings li")
        #expect(s1.map { $0["data-kind"] } == ["coverage_gap"])
        #expect(s1.first?.first(".article")?.textContent == FindingLabels.article("11(2)"))
        #expect(s1.first?.first("b")?.textContent == FindingLabels.kind(.coverageGap).zh)
        let s2 = doc.select("section.step[data-step=\"S2\"] .findings li")
        #expect(s2.map { $0["data-severity"] } == ["error"])
        #expect(s2.first?.first(".explanation")?.textContent == "环节 S2 未找到录像 \(Fixtures.hostile)")
        #expect(doc.select("section.step[data-step=\"S3\"] .findings li").isEmpty)
        // The unmatched clip belongs to no step: it is listed after them.
        #expect(doc.select("#case-findings-other li").map { $0["data-kind"] } == ["unmatched_clip"])
        #expect(doc.first("#finding-counts")?.textContent == "错误 1 · 警告 1 · 提示 1")
    }

    @Test func inEnglishTheFindingsAndStepNamesAreEnglish() throws {
        let doc = try page(.en)
        let item = try #require(doc.first("section.step[data-step=\"S1\"] .findings li"))
        #expect(item.first("b")?.textContent == "coverage gap")
        #expect(item.first(".explanation")?.textContent == "09:45:00–09:50:00 not recorded (300 s)")
        #expect(doc.first("section.step[data-step=\"S1\"] h2 small")?.textContent == "on-site inspection")
    }

    @Test func theCaseListLinksEachCase() throws {
        let doc = try Pages.cases([Fixtures.record], context: Fixtures.context(.evidenceStaff)).tree()
        let row = try #require(doc.first("#cases tr[data-case=\"JZ-2026-0117\"]"))
        #expect(row.first("a")?["href"] == "/cases/JZ-2026-0117")
        #expect(row.select("td")[3].textContent == "3")
    }

    /// A step of no length (an instant) still draws: every coordinate a number inside the window.
    @Test func aStepOfNoLengthDrawsInsideItsWindow() throws {
        let at = Fixtures.date("2026-11-03T12:00:00+08:00")
        var record = Fixtures.record
        record.steps = [CaseStep(id: "P", type: "on_site_inspection", start: at, end: at, officers: ["110023"])]
        let step = StepCheck(stepID: "P", type: "on_site_inspection", recording: .avPortable, fullProcess: false, start: at, end: at,
                             clips: [Fixtures.evidence("c-3", "2026-11-03T11:59:00+08:00", "2026-11-03T12:01:00+08:00")],
                             coverage: Coverage(coveredSeconds: 0, fraction: 1, uncovered: [TimeSpan(start: at, end: at)]))
        let check = CaseCheck(caseID: record.caseID, steps: [step], findings: [])
        let doc = try Pages.caseCheck(record: record, check: check, catalogue: nil, context: Fixtures.context(.legalOffice)).tree()
        let rects = doc.select(".step-timeline[data-step=\"P\"] rect")
        #expect(rects.count == 3)
        for rect in rects {
            let x = try #require(Double(rect["x"]!)), width = try #require(Double(rect["width"]!))
            #expect(x >= 0 && width >= 0 && x + width <= 1000, "\(rect.attributes)")
        }
        // Without a catalogue the step's type code stands for its name.
        #expect(doc.first("section.step[data-step=\"P\"] h2 small")?.textContent == "on_site_inspection")
    }
}
