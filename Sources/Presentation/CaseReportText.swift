import Compliance
import ComplianceCatalog
import Foundation

/// The case report as text for people: totals, then one row per department, per officer and per case.
public struct CaseReportText {
    public let clock: WallClock

    public init(clock: WallClock) { self.clock = clock }

    public func render(_ report: CaseReport) -> String {
        var lines: [String] = []
        let t = report.totals
        var head = "\(t.cases) case\(t.cases == 1 ? "" : "s")"
        if let since = report.since { head += " with steps since \(clock.text(since))" }
        lines.append(head + ": \(t.steps) steps, \(t.stepsWithFindings) with findings; "
                     + "\(t.errors) errors, \(t.warnings) warnings, \(t.infos) info")
        if let identity = report.catalogue { lines.append("step catalogue 环节目录: \(identity)") }
        lines.append("")
        lines.append("by department 按部门")
        for d in report.departments { lines.append("  " + row(d.department ?? "(none)", d.tally)) }
        lines.append("")
        lines.append("by officer 按执法人员")
        for o in report.officers { lines.append("  " + row(o.officer, o.tally)) }
        lines.append("")
        lines.append("cases 案件")
        for c in report.cases {
            var line = "  " + row(c.caseID, c.tally, withCases: false)
            if let title = c.title { line += "  \(title)" }
            if let problem = c.problem { line += "  NOT CHECKED: \(problem)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func row(_ name: String, _ t: CaseReport.Tally, withCases: Bool = true) -> String {
        var text = name.padding(toLength: max(name.count, 18), withPad: " ", startingAt: 0)
        if withCases { text += "  cases \(t.cases)" }
        text += "  steps \(t.steps)  with findings \(t.stepsWithFindings)"
        let kinds = FindingKind.allCases.compactMap { kind in t.findingsByKind[kind.rawValue].map { "\(kind.rawValue) \($0)" } }
        if !kinds.isEmpty { text += "  " + kinds.joined(separator: ", ") }
        return text
    }
}
