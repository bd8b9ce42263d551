import ArgumentParser
import Compliance
import ComplianceCatalog
import DeviceKit
import Foundation
import Gateway
import Presentation

struct CaseReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Check every case and sum the findings up per department and per officer.",
        discussion: """
            Every case in the catalog, or with --since those with a step ending on or after DATE \
            (2026-11-01, the start of that day in the home's time zone, or RFC 3339). Per department and \
            per officer: cases, steps, steps with findings (of severity error or warning) and findings by \
            kind; then each case. --html FILE also writes the report as one self-contained HTML page. \
            --json prints {generated_at, since, totals, departments, officers, cases, catalogue} (each case with its \
            full check). Exit status 0 when the report was made, whatever it finds; 1 when it could not be.
            """)

    @OptionGroup var options: HomeOptions
    @OptionGroup var policy: PolicyOptions

    @Option(name: .long, help: ArgumentHelp(
        "Only cases with a step ending on or after DATE, 2000-01-01 to 2100-01-01.", valueName: "DATE"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Also write the report as an HTML page.", valueName: "FILE"))
    var html: String?

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let setup: CaseDeskSetup
        do {
            setup = try CaseDeskSetup.open(options, create: false, margin: policy.margin)
        } catch {
            CaseDeskSetup.report(error)
            throw ExitCode.failure
        }
        var from: Date?
        if let since {
            guard let date = CaseReport.date(since, zone: setup.zone) else {
                Output.error("--since \(since): not a date like 2026-11-01 or an RFC 3339 time like 2026-11-01T08:00:00+08:00")
                throw ExitCode.validationFailure
            }
            if let problem = PlausibleTime.problem(date) {
                Output.error("--since \(since): \(problem)")
                throw ExitCode.validationFailure
            }
            from = date
        }
        let report: CaseReport
        do {
            report = try setup.desk.report(since: from)
        } catch {
            Output.error("cannot make the report: \(error)")
            throw ExitCode.failure
        }
        if let html {
            let page = CaseReportHTML(zone: setup.zone, catalogue: setup.desk.catalogue).render(report)
            do {
                try Data(page.utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            } catch {
                Output.error("cannot write \(html): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        if json {
            try Output.json(report)
        } else {
            Output.text(CaseReportText(clock: WallClock(zone: setup.zone)).render(report))
            if let html { Output.line("written: \(html)") }
        }
    }
}
