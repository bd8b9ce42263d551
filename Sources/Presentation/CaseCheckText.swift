import Compliance
import Foundation

/// A case check as text for the legal office: the case, each step with its coverage and clips, then
/// each finding with severity, kind, article and its explanation in Chinese and English.
public struct CaseCheckText {
    public let zone: TimeZone
    public let catalogue: StepCatalogue
    public let policy: CheckPolicy

    public init(zone: TimeZone, catalogue: StepCatalogue, policy: CheckPolicy) {
        self.zone = zone
        self.catalogue = catalogue
        self.policy = policy
    }

    var clock: WallClock { WallClock(zone: zone) }

    public func render(record: CaseRecord, revision: Int?, check: CaseCheck) -> String {
        var lines: [String] = []
        var heading = "case \(record.caseID)"
        if let title = record.title { heading += "  \(title)" }
        if let department = record.department { heading += "  (\(department))" }
        if let revision { heading += "  revision \(revision)" }
        lines.append(heading)
        let offset = record.steps.first.map { clock.offsetName(at: $0.start) } ?? ""
        lines.append("times in \(zone.identifier) \(offset); clips match a step within \(secondsText(policy.matchMargin)) of it")
        if let identity = check.catalogue { lines.append("step catalogue 环节目录: \(identity)") }
        lines.append("")
        lines.append("steps 环节")
        let byID = Dictionary(record.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for step in check.steps {
            lines += self.step(step, officers: byID[step.stepID]?.officers ?? [])
        }
        lines.append("")
        lines += findings(check.findings)
        return lines.joined(separator: "\n") + "\n"
    }

    private func step(_ step: StepCheck, officers: [String]) -> [String] {
        let type = catalogue[step.type]
        var head = "  \(step.stepID)  \(type?.nameZh ?? "") \(step.type)  \(clock.span(step.start, step.end))"
        if step.fullProcess { head += "  whole process 全过程" }
        if !officers.isEmpty { head += "  officers \(officers.joined(separator: ", "))" }
        var lines = [head]
        guard let coverage = step.coverage else {
            lines.append("      documents only: no recording required 仅需文书记录")
            return lines
        }
        let length = step.end.timeIntervalSince(step.start)
        if step.clips.isEmpty {
            lines.append("      no recording matched 未找到录像")
        } else {
            lines.append("      covered \(Int((coverage.fraction * 100).rounded()))% (\(secondsText(coverage.coveredSeconds)) of "
                         + "\(secondsText(length))), \(step.clips.count) clip\(step.clips.count == 1 ? "" : "s") 覆盖率")
        }
        for gap in coverage.uncovered where step.fullProcess && !step.clips.isEmpty {
            lines.append("      uncovered \(clock.span(gap.start, gap.end)) (\(secondsText(gap.seconds))) 未录")
        }
        for clip in step.clips {
            var line = "      clip \(clip.clipID)  \(clip.device)"
            if let sequence = clip.sequence { line += " #\(sequence)" }
            line += "  \(clip.kind.rawValue)  \(clock.span(clip.start.instant, clip.end.instant))"
            line += clip.start.uncertainty.map { " ±\(secondsText($0))" } ?? " (uncertainty unknown)"
            if clip.start.offset != 0 { line += String(format: "  clock offset %+.1f s removed", clip.start.offset) }
            if !clip.matchedBy.isEmpty { line += "  by \(clip.matchedBy.joined(separator: ", "))" }
            lines.append(line)
        }
        return lines
    }

    private func findings(_ findings: [Finding]) -> [String] {
        let count = { (s: Severity) in findings.filter { $0.severity == s }.count }
        var lines = ["findings 问题: \(count(.error)) error(s) 错误, \(count(.warning)) warning(s) 警告, \(count(.info)) info 提示"]
        if findings.isEmpty { lines.append("  none 无") }
        for finding in findings {
            let severity = FindingLabels.severity(finding.severity)
            let kind = FindingLabels.kind(finding.kind)
            var head = "  [\(severity.en.uppercased()) \(severity.zh)] \(finding.kind.rawValue) \(kind.zh)"
            if let step = finding.stepID { head += "  step \(step)" }
            if let article = FindingLabels.article(finding.article) { head += "  \(article)" }
            lines.append(head)
            lines.append("      \(finding.explanation.zh)")
            lines.append("      \(finding.explanation.en)")
        }
        return lines
    }
}
