import Compliance
import ComplianceCatalog
import Foundation

/// The report as one self-contained HTML page (inline CSS, no script, no outside resource), UTF-8,
/// in Chinese with English beside it. Every text from a file or the catalog is escaped.
public struct CaseReportHTML {
    public let zone: TimeZone
    public let catalogue: StepCatalogue

    public init(zone: TimeZone, catalogue: StepCatalogue) {
        self.zone = zone
        self.catalogue = catalogue
    }

    var clock: WallClock { WallClock(zone: zone) }

    public func render(_ report: CaseReport) -> String {
        var body = ""
        let t = report.totals
        body += "<h1>执法音像记录检查报告 <small>Recording compliance report</small></h1>\n"
        var meta = "生成时间 Generated \(e(clock.text(report.generatedAt))) (\(e(zone.identifier)))"
        if let since = report.since { meta += " · 自 since \(e(clock.text(since)))" }
        if let identity = report.catalogue { meta += " · 环节目录 step catalogue \(e(identity.description))" }
        body += "<p class=\"meta\">\(meta)</p>\n"
        body += "<p class=\"totals\">案件 cases <b>\(t.cases)</b> · 环节 steps <b>\(t.steps)</b> · 有问题的环节 steps with findings <b>\(t.stepsWithFindings)</b> · "
            + "<span class=\"error\">错误 errors \(t.errors)</span> · <span class=\"warning\">警告 warnings \(t.warnings)</span> · "
            + "<span class=\"info\">提示 info \(t.infos)</span></p>\n"
        body += "<h2>按部门 By department</h2>\n"
        body += table(first: "部门 Department", rows: report.departments.map { ($0.department ?? "（未填）(none)", $0.tally) })
        body += "<h2>按执法人员 By officer</h2>\n"
        body += table(first: "执法人员 Officer", rows: report.officers.map { ($0.officer, $0.tally) })
        body += "<h2>案件 Cases</h2>\n"
        for c in report.cases { body += section(c) }
        return """
            <!DOCTYPE html>
            <html lang="zh">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>执法音像记录检查报告 Recording compliance report</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222;line-height:1.45}
            h1 small,h2 small{font-weight:normal;color:#666;font-size:.6em}
            table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}
            th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
            th{background:#f2f2f2}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            .meta{color:#666}
            .error{color:#a40000;font-weight:bold}
            .warning{color:#8a5a00}
            .info{color:#245}
            section.case{border-top:2px solid #999;margin-top:1.5em}
            ul.findings{padding-left:1.2em}
            ul.findings li{margin:.4em 0}
            .en{color:#555}
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    private func table(first: String, rows: [(String, CaseReport.Tally)]) -> String {
        var html = "<table>\n<tr><th>\(e(first))</th><th>案件 Cases</th><th>环节 Steps</th><th>有问题的环节 Steps with findings</th>"
            + "<th>问题 Findings by kind</th></tr>\n"
        for (name, t) in rows {
            html += "<tr><td>\(e(name))</td><td class=\"n\">\(t.cases)</td><td class=\"n\">\(t.steps)</td>"
                + "<td class=\"n\">\(t.stepsWithFindings)</td><td>\(kinds(t))</td></tr>\n"
        }
        if rows.isEmpty { html += "<tr><td colspan=\"5\">无 none</td></tr>\n" }
        return html + "</table>\n"
    }

    private func kinds(_ t: CaseReport.Tally) -> String {
        let parts = FindingKind.allCases.compactMap { kind -> String? in
            guard let n = t.findingsByKind[kind.rawValue] else { return nil }
            return "\(e(FindingLabels.kind(kind).zh)) <code>\(kind.rawValue)</code> \(n)"
        }
        return parts.isEmpty ? "—" : parts.joined(separator: "<br>")
    }

    private func section(_ c: CaseReport.CaseSummary) -> String {
        var html = "<section class=\"case\" id=\"case-\(e(c.caseID))\">\n<h3>\(e(c.caseID))"
        if let title = c.title { html += " \(e(title))" }
        html += "</h3>\n<p class=\"meta\">"
        if let department = c.department { html += "\(e(department)) · " }
        html += "修订 revision \(c.revision) · 执法人员 officers \(e(c.officers.joined(separator: ", ")))</p>\n"
        if let problem = c.problem {
            html += "<p class=\"error\">未能检查 Not checked: \(e(problem))</p>\n</section>\n"
            return html
        }
        guard let check = c.check else { return html + "</section>\n" }
        html += "<table>\n<tr><th>环节 Step</th><th>类型 Type</th><th>时间 Time</th><th>覆盖 Coverage</th><th>录像 Clips</th></tr>\n"
        for step in check.steps {
            let type = catalogue[step.type]
            var coverage = "仅文书 documents only"
            if let cov = step.coverage {
                coverage = step.clips.isEmpty ? "<span class=\"error\">无录像 none</span>"
                    : "\(Int((cov.fraction * 100).rounded()))%（\(e(secondsText(cov.coveredSeconds)))）"
                if step.fullProcess { coverage += " · 全过程 whole process" }
            }
            let clips = step.clips.map { clip in
                "\(e(clip.device))\(clip.sequence.map { " #\($0)" } ?? "") \(e(clock.time(clip.start.instant)))–\(e(clock.time(clip.end.instant)))"
            }.joined(separator: "<br>")
            html += "<tr><td>\(e(step.stepID))</td><td>\(e(type?.nameZh ?? "")) <code>\(e(step.type))</code></td>"
                + "<td>\(e(clock.span(step.start, step.end)))</td><td>\(coverage)</td><td>\(clips.isEmpty ? "—" : clips)</td></tr>\n"
        }
        html += "</table>\n"
        if check.findings.isEmpty {
            html += "<p>无问题 No findings.</p>\n"
        } else {
            html += "<ul class=\"findings\">\n"
            for f in check.findings {
                let severity = FindingLabels.severity(f.severity)
                html += "<li><span class=\"\(f.severity.rawValue)\">\(e(severity.zh)) \(severity.en)</span> "
                    + "\(e(FindingLabels.kind(f.kind).zh)) <code>\(f.kind.rawValue)</code>"
                if let step = f.stepID { html += " · 环节 step \(e(step))" }
                if let article = FindingLabels.article(f.article) { html += " · \(e(article))" }
                html += "<br>\(e(f.explanation.zh))<br><span class=\"en\">\(e(f.explanation.en))</span></li>\n"
            }
            html += "</ul>\n"
        }
        return html + "</section>\n"
    }

    /// Escaped for HTML text and attribute values.
    private func e(_ text: String) -> String { HTMLText.escape(text) }
}
