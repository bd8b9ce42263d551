import ArgumentParser
import Compliance
import Foundation
import Offload
import Presentation

struct ClockImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import device clock readings from a JSON file: all of it, or nothing.",
        discussion: """
            A JSON array of {"device", "device_time", "gateway_time", "source", "clock_set"}: device_time \
            as the device showed it (local, no zone), gateway_time RFC 3339 with offset, source dock, \
            manual or import (default import), clock_set true when the clock was set right after the \
            reading (default false). A reading already recorded is not recorded twice. Problems are \
            printed with their places (FILE:LINE:COLUMN: FIELD: message); exit 1.
            """)

    @OptionGroup var options: HomeOptions

    @Argument(help: ArgumentHelp("The clock-reading file.", valueName: "FILE"))
    var file: String

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let result = try ImportProblems.importing("clock import", file: file, json: json, options: options) { desk, url, actor in
            try desk.importClockReadings(from: url, actor: actor)
        }
        if json {
            try Output.json(ClockImportReport(file: file, readings: result.readings, added: result.added))
        } else {
            Output.line("\(file): \(result.readings) reading\(result.readings == 1 ? "" : "s"), \(result.added) new")
        }
    }
}
