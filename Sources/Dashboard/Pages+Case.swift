import Compliance
import Foundation
import Presentation

extension Pages {
    /// A case checked: each step (`section.step[data-step]`) as a timeline of its window with the matched
    /// recordings and the uncovered stretches (`.gap`), and beside it the step's findings
    /// (`.findings li[data-kind]`) with their article references; findings tied to no step follow.
    /// `catalogue` names the step types (nil: the type codes are shown).
    public static func caseCheck(record: CaseRecord, check: CaseCheck, catalogue: StepCatalogue?, context: PageContext) -> Page {
        let c = context
        var body = "<section class=\"card\" id=\"case\" data-case=\"\(HTML.escape(record.caseID))\">\n<dl class=\"facts\">"
            + "<dt>\(c.t(.caseID))</dt><dd>\(HTML.escape(record.caseID))</dd>"
        if let title = record.title { body += "<dt>\(c.t(.caseTitle))</dt><dd>\(HTML.escape(title))</dd>" }
        if let department = record.department { body += "<dt>\(c.t(.department))</dt><dd>\(HTML.escape(department))</dd>" }
        if let identity = check.catalogue { body += "<dt>\(c.t(.stepCatalogue))</dt><dd>\(HTML.escape(identity.description))</dd>" }
        let count = { (s: Severity) in check.findings.filter { $0.severity == s }.count }
        body += "<dt>\(c.t(.findings))</dt><dd id=\"finding-counts\"><span class=\"sev error\">\(c.t(.errors)) \(count(.error))</span> · "
            + "<span class=\"sev warning\">\(c.t(.warnings)) \(count(.warning))</span> · "
            + "<span class=\"sev info\">\(c.t(.infos)) \(count(.info))</span></dd></dl>\n</section>\n"

        let byID = Dictionary(record.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for step in check.steps {
            let type = catalogue?[step.type]
            let name = type.map { c.language == .zh ? $0.nameZh : $0.nameEn } ?? step.type
            body += "<section class=\"step card\" id=\"step-\(HTML.escape(step.stepID))\" data-step=\"\(HTML.escape(step.stepID))\">\n"
            body += "<header><h2>\(HTML.escape(step.stepID)) <small>\(HTML.escape(name))</small></h2>"
            if step.fullProcess { body += "<span class=\"badge\" data-status=\"info\">\(c.t(.wholeProcess))</span>" }
            body += "<span class=\"coverage\">\(coverageText(step, context: c))</span></header>\n"
            if let officers = byID[step.stepID]?.officers, !officers.isEmpty {
                body += "<p class=\"meta\">\(c.t(.officers)) \(HTML.escape(officers.joined(separator: ", ")))</p>\n"
            }
            body += "<div class=\"step-body\">\n<div class=\"step-chart\">\n"
            if step.coverage == nil {
                body += "<p class=\"meta documents-only\">\(c.t(.documentsOnly)) · \(HTML.escape(WallClock(zone: c.zone).span(step.start, step.end)))</p>\n"
            } else {
                body += StepTimeline(step: step, zone: c.zone).html(context: c)
            }
            body += "</div>\n" + findingList(check.findings.filter { $0.stepID == step.stepID }, context: c) + "</div>\n</section>\n"
        }
        let loose = check.findings.filter { f in f.stepID == nil || !check.steps.contains { $0.stepID == f.stepID } }
        if !loose.isEmpty {
            body += "<section class=\"card\" id=\"case-findings-other\">\n<h2>\(c.t(.otherFindings))</h2>\n"
                + findingList(loose, context: c) + "</section>\n"
        }
        return Layout.page(title: "\(c.raw(.caseWord)) \(record.caseID)", section: .cases, pageID: "case", context: c, body: body)
    }

    static func coverageText(_ step: StepCheck, context c: PageContext) -> String {
        guard let coverage = step.coverage else { return c.t(.documentsOnly) }
        if step.clips.isEmpty { return "<span class=\"sev error\">\(c.t(.noRecording))</span>" }
        return "\(c.t(.covered)) \(Int((coverage.fraction * 100).rounded())) % · \(step.clips.count) \(c.t(.clipsCount))"
    }

    /// Findings with severity, kind (``FindingLabels``), article and explanation in the page's language.
    static func findingList(_ findings: [Finding], context c: PageContext) -> String {
        guard !findings.isEmpty else { return "<p class=\"findings none\">\(c.t(.noFindings))</p>\n" }
        var html = "<ul class=\"findings\">\n"
        for f in findings {
            let severity = FindingLabels.severity(f.severity)
            let kind = FindingLabels.kind(f.kind)
            html += "<li data-kind=\"\(f.kind.rawValue)\" data-severity=\"\(f.severity.rawValue)\">"
                + "<span class=\"sev \(f.severity.rawValue)\">\(HTML.escape(c.language == .zh ? severity.zh : severity.en))</span> "
                + "<b>\(HTML.escape(c.language == .zh ? kind.zh : kind.en))</b>"
            if let article = FindingLabels.article(f.article) { html += " <span class=\"article\">\(HTML.escape(article))</span>" }
            html += "<br><span class=\"explanation\">\(HTML.escape(c.language == .zh ? f.explanation.zh : f.explanation.en))</span></li>\n"
        }
        return html + "</ul>\n"
    }

    /// The cases imported (`#cases tr[data-case]`), each linking to its check.
    public static func cases(_ records: [CaseRecord], context: PageContext) -> Page {
        let c = context
        var body = "<div class=\"table-wrap\"><table id=\"cases\"><thead><tr><th>\(c.t(.caseID))</th><th>\(c.t(.caseTitle))</th>"
            + "<th>\(c.t(.department))</th><th>\(c.t(.steps))</th><th>\(c.t(.period))</th></tr></thead><tbody>\n"
        for record in records.sorted(by: { $0.caseID < $1.caseID }) {
            let start = record.steps.map(\.start).min(), end = record.steps.map(\.end).max()
            let period = start.flatMap { s in end.map { WallClock(zone: c.zone).span(s, $0) } } ?? "—"
            body += "<tr data-case=\"\(HTML.escape(record.caseID))\"><td><a href=\"/cases/\(HTML.escape(HTML.urlComponent(record.caseID)))\">"
                + "\(HTML.escape(record.caseID))</a></td><td>\(HTML.escape(record.title ?? "—"))</td>"
                + "<td>\(HTML.escape(record.department ?? "—"))</td><td class=\"n\">\(record.steps.count)</td><td>\(HTML.escape(period))</td></tr>\n"
        }
        if records.isEmpty { body += "<tr><td colspan=\"5\" class=\"empty\">\(c.t(.noCases))</td></tr>\n" }
        body += "</tbody></table></div>\n"
        return Layout.page(title: c.raw(.navCases), section: .cases, pageID: "cases", context: c, body: body)
    }
}
