import ArgumentParser
import ComplianceCatalog
import Foundation
import Gateway
import Presentation

struct ClipsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clips",
        abstract: "Search the stored clips: by device, officer, case step, corrected recording time, kind, probe verdict, release.",
        discussion: """
            Filters combine with AND. --from/--to (RFC 3339) keep clips whose corrected recording span overlaps \
            them; a clip whose device's clock was never read is placed by its device time as it is (shown with \
            ~ in the table). --sort: -recorded (default, newest first), recorded (oldest first), -stored, stored \
            (when the store received it). Pages of --limit clips (1-500, default 50): pass the printed cursor \
            as --cursor with the same filters for the next. --json prints {clips, next_cursor}. Exit status: \
            0, 2 for a refused value or cursor, an unknown case or step, 1 when the search could not run.
            """)

    @OptionGroup var options: HomeOptions

    @Option(help: ArgumentHelp("The recording device's serial.", valueName: "SERIAL")) var device: String?
    @Option(help: ArgumentHelp("The officer (police number).", valueName: "OFFICER")) var officer: String?
    @Option(name: .customLong("case"), help: ArgumentHelp("Clips a check of this case matches to its steps.", valueName: "CASE"))
    var caseID: String?
    @Option(help: ArgumentHelp("With --case: one step (its id, or its number from 1).", valueName: "STEP")) var step: String?
    @Option(help: ArgumentHelp("Recorded at or after (RFC 3339).", valueName: "TIME")) var from: String?
    @Option(help: ArgumentHelp("Recorded at or before (RFC 3339).", valueName: "TIME")) var to: String?
    @Option(help: ArgumentHelp("video, audio or photo.", valueName: "KIND")) var kind: String?
    @Option(help: ArgumentHelp("ok, truncated, corrupt, or none (never probed).", valueName: "VERDICT")) var integrity: String?
    @Option(help: ArgumentHelp("verified or released (every device copy deleted).", valueName: "STATUS")) var status: String?
    @Option(help: ArgumentHelp("-recorded (default), recorded, -stored, stored.", valueName: "KEY")) var sort: String?
    @Option(help: ArgumentHelp("Clips a page, 1-500 (default 50).", valueName: "N")) var limit: String?
    @Option(help: ArgumentHelp("The cursor the previous page printed.", valueName: "CURSOR")) var cursor: String?
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    /// The options as the query's named parameters, given ones only.
    var parameters: [String: String] {
        let all: [(String, String?)] = [
            ("device", device), ("officer", officer), ("case", caseID), ("step", step), ("from", from), ("to", to),
            ("kind", kind), ("integrity", integrity), ("status", status), ("sort", sort), ("limit", limit), ("cursor", cursor),
        ]
        return Dictionary(uniqueKeysWithValues: all.compactMap { name, value in value.map { (name, $0) } })
    }

    func run() throws {
        let page: ClipPage
        do {
            page = try options.gateway.clips(try ClipQuery.parse(parameters))
        } catch let refused as ClipQueryError {
            for problem in refused.problems { Output.error(problem) }
            throw ExitCode(2)
        } catch let problem as CaseDeskSetup.Problem {
            CaseDeskSetup.report(problem)
            throw ExitCode.failure
        } catch {
            Output.error("cannot search the clips: \(error)")
            throw ExitCode.failure
        }
        if json { try Output.json(page) } else { Output.text(page.text) }
    }
}
