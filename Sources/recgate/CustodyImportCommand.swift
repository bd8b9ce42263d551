import ArgumentParser
import Compliance
import Evidence
import Foundation
import Offload
import Presentation

struct CustodyImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import custody periods from a JSON file: all of it, or nothing.",
        discussion: """
            A JSON array of {"officer", "device", "from", "to"}, times RFC 3339 with offset, "to" null while \
            the period lasts. A period is known by officer, device and start: importing it again with an end \
            closes it. Problems are printed with their places (FILE:LINE:COLUMN: FIELD: message); exit 1.
            """)

    @OptionGroup var options: HomeOptions

    @Argument(help: ArgumentHelp("The custody file.", valueName: "FILE"))
    var file: String

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let result = try ImportProblems.importing("custody import", file: file, json: json, options: options) { desk, url, actor in
            try desk.importCustody(from: url, actor: actor)
        }
        if json {
            try Output.json(CustodyImportReport(
                file: file, added: result.added, updated: result.updated, unchanged: result.unchanged))
        } else {
            Output.line("\(file): \(result.added) added, \(result.updated) updated, \(result.unchanged) unchanged")
        }
    }
}
