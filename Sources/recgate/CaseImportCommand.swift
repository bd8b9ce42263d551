import ArgumentParser
import Compliance
import ComplianceCatalog
import Evidence
import Foundation
import Offload
import Presentation

struct CaseImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import cases with their steps from a JSON or CSV file: all of it, or nothing.",
        discussion: """
            JSON: one case object or an array of them; CSV (.csv): one step a row. Formats: \
            Sources/Compliance/README.md. Every problem in the file is printed with its place \
            (FILE:LINE:COLUMN: FIELD: message) and nothing is imported; exit status 1. A case imported \
            again is updated (a new revision; earlier ones are kept) or left unchanged.
            """)

    @OptionGroup var options: HomeOptions

    @Argument(help: ArgumentHelp("The case file (.json or .csv).", valueName: "FILE"))
    var file: String

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let results = try ImportProblems.importing("case import", file: file, json: json, options: options) { desk, url, actor in
            try desk.importCases(from: url, actor: actor)
        }
        if json {
            try Output.json(CaseImportReport(file: file, cases: results))
            return
        }
        for result in results {
            Output.line("\(result.outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(result.caseID)  "
                        + "revision \(result.revision), \(result.steps) step\(result.steps == 1 ? "" : "s")")
        }
        let count = { (outcome: CaseImportOutcome) in results.filter { $0.outcome == outcome }.count }
        Output.line("\(file): \(results.count) case\(results.count == 1 ? "" : "s"): \(count(.created)) created, "
                    + "\(count(.updated)) updated, \(count(.unchanged)) unchanged")
    }
}
