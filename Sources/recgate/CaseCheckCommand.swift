import ArgumentParser
import Compliance
import ComplianceCatalog
import Foundation
import Gateway
import Presentation

struct CaseCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a case's steps against the recordings: coverage of each step, and findings.",
        discussion: """
            Clip times are corrected with the devices' clock readings before they are matched to steps; \
            custody says whose device counts for which officer. Text for the legal office (each step with \
            its coverage, then each finding with severity, kind, article and explanation in Chinese and \
            English); --json prints the result as {case_id, steps, findings, catalogue} (Sources/Compliance/README.md; \
            catalogue: {source: shipped or override, sha256}). \
            Exit status: 0 when no finding has severity error, 1 when one has, 2 when the catalog has no \
            case by that id, 3 when the check could not run (a broken configuration or step catalogue, a \
            step type the catalogue in use does not define).
            """)

    @OptionGroup var options: HomeOptions
    @OptionGroup var policy: PolicyOptions

    @Argument(help: ArgumentHelp("The case id.", valueName: "CASE"))
    var caseID: String

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let setup: CaseDeskSetup
        do {
            setup = try CaseDeskSetup.open(options, create: false, margin: policy.margin)
        } catch {
            if case .noCatalog = error {
                Output.error("unknown case \(caseID): \(error)")
                throw ExitCode(2)
            }
            CaseDeskSetup.report(error)
            throw ExitCode(3)
        }
        let result: CaseCheckResult
        do {
            guard let found = try setup.check(caseID: caseID) else {
                Output.error("unknown case \(caseID): the catalog \(setup.home.catalogURL.path) has no case by that id "
                             + "(import it with `recgate case import FILE`)")
                throw ExitCode(2)
            }
            result = found
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Output.error("cannot check case \(caseID): \(error)")
            throw ExitCode(3)
        }
        let check = result.check
        if json {
            try Output.json(check)
        } else {
            Output.text(CaseCheckText(zone: setup.zone, catalogue: setup.desk.catalogue, policy: setup.desk.policy)
                .render(record: result.record, revision: result.revision, check: check))
        }
        if check.findings.contains(where: { $0.severity == .error }) { throw ExitCode.failure }
    }
}
