import Compliance
import ComplianceCatalog
import Presentation

extension Pages {
    /// The findings report of every case checked, by department (`#report-departments`) and by officer
    /// (`#report-officers`), each a bar chart of steps and steps with findings and a table; the findings
    /// by kind (`#chart-kinds`); the cases, each linking to its page.
    public static func report(_ report: CaseReport, context: PageContext) -> Page {
        let c = context
        let t = report.totals
        func tile(_ label: Strings, _ n: Int, _ key: String) -> String {
            "<div class=\"tile\" data-total=\"\(key)\"><span class=\"n\">\(n)</span><span>\(c.t(label))</span></div>"
        }
        var body = "<p class=\"meta\">\(c.t(.generatedAt)) \(c.time(report.generatedAt))"
        if let since = report.since { body += " · \(c.t(.since)) \(c.time(since))" }
        if let identity = report.catalogue { body += " · \(c.t(.stepCatalogue)) \(HTML.escape(identity.description))" }
        body += "</p>\n<div class=\"tiles\" id=\"report-totals\">"
            + tile(.casesCount, t.cases, "cases") + tile(.steps, t.steps, "steps")
            + tile(.stepsWithFindings, t.stepsWithFindings, "steps-with-findings")
            + tile(.errors, t.errors, "errors") + tile(.warnings, t.warnings, "warnings") + tile(.infos, t.infos, "infos")
            + "</div>\n"

        let none = c.raw(.noDepartment)
        body += "<h2>\(c.t(.byDepartment))</h2>\n<section id=\"report-departments\">\n"
        body += BarChart(id: "chart-departments",
                         rows: report.departments.map { .init(name: $0.department ?? none, total: $0.tally.steps, part: $0.tally.stepsWithFindings) },
                         totalLabel: c.raw(.steps), partLabel: c.raw(.stepsWithFindings)).svg()
        body += tallyTable(first: .department, rows: report.departments.map { ($0.department ?? none, $0.tally) }, context: c)
        body += "</section>\n<h2>\(c.t(.byOfficer))</h2>\n<section id=\"report-officers\">\n"
        body += BarChart(id: "chart-officers",
                         rows: report.officers.map { .init(name: $0.officer, total: $0.tally.steps, part: $0.tally.stepsWithFindings) },
                         totalLabel: c.raw(.steps), partLabel: c.raw(.stepsWithFindings)).svg()
        body += tallyTable(first: .officer, rows: report.officers.map { ($0.officer, $0.tally) }, context: c)
        body += "</section>\n"

        let kinds = FindingKind.allCases.compactMap { kind -> BarChart.Row? in
            guard let n = t.findingsByKind[kind.rawValue] else { return nil }
            let label = FindingLabels.kind(kind)
            return .init(name: c.language == .zh ? label.zh : label.en, total: n, part: nil)
        }
        if !kinds.isEmpty {
            body += "<h2>\(c.t(.findingsByKind))</h2>\n"
                + BarChart(id: "chart-kinds", rows: kinds, totalLabel: c.raw(.findings), partLabel: nil).svg()
        }

        body += "<h2>\(c.t(.navCases))</h2>\n<div class=\"table-wrap\"><table id=\"report-cases\"><thead><tr><th>\(c.t(.caseID))</th>"
            + "<th>\(c.t(.caseTitle))</th><th>\(c.t(.department))</th><th>\(c.t(.steps))</th><th>\(c.t(.stepsWithFindings))</th>"
            + "<th>\(c.t(.errors))</th><th>\(c.t(.warnings))</th></tr></thead><tbody>\n"
        for summary in report.cases {
            body += "<tr data-case=\"\(HTML.escape(summary.caseID))\"><td><a href=\"/cases/\(HTML.escape(HTML.urlComponent(summary.caseID)))\">"
                + "\(HTML.escape(summary.caseID))</a></td><td>\(HTML.escape(summary.title ?? "—"))"
                + (summary.problem.map { "<br><span class=\"sev error\">\(c.t(.notChecked)): \(HTML.escape($0))</span>" } ?? "")
                + "</td><td>\(HTML.escape(summary.department ?? none))</td><td class=\"n\">\(summary.tally.steps)</td>"
                + "<td class=\"n\">\(summary.tally.stepsWithFindings)</td><td class=\"n\">\(summary.tally.errors)</td>"
                + "<td class=\"n\">\(summary.tally.warnings)</td></tr>\n"
        }
        if report.cases.isEmpty { body += "<tr><td colspan=\"7\" class=\"empty\">\(c.t(.noCases))</td></tr>\n" }
        body += "</tbody></table></div>\n"
        return Layout.page(title: c.raw(.navReport), section: .report, pageID: "report", context: c, body: body)
    }

    private static func tallyTable(first: Strings, rows: [(String, CaseReport.Tally)], context c: PageContext) -> String {
        var html = "<div class=\"table-wrap\"><table class=\"tally\"><thead><tr><th>\(c.t(first))</th><th>\(c.t(.casesCount))</th>"
            + "<th>\(c.t(.steps))</th><th>\(c.t(.stepsWithFindings))</th><th>\(c.t(.findingsByKind))</th></tr></thead><tbody>\n"
        for (name, t) in rows {
            let kinds = FindingKind.allCases.compactMap { kind -> String? in
                guard let n = t.findingsByKind[kind.rawValue] else { return nil }
                let label = FindingLabels.kind(kind)
                return "\(HTML.escape(c.language == .zh ? label.zh : label.en)) \(n)"
            }
            html += "<tr data-name=\"\(HTML.escape(name))\"><td>\(HTML.escape(name))</td><td class=\"n\">\(t.cases)</td>"
                + "<td class=\"n\">\(t.steps)</td><td class=\"n\">\(t.stepsWithFindings)</td>"
                + "<td>\(kinds.isEmpty ? "—" : kinds.joined(separator: "<br>"))</td></tr>\n"
        }
        if rows.isEmpty { html += "<tr><td colspan=\"5\" class=\"empty\">\(c.t(.noneWord))</td></tr>\n" }
        return html + "</tbody></table></div>\n"
    }
}
