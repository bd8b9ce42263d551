import ArgumentParser
import ComplianceCatalog
import Foundation
import Gateway
import Offload
import Presentation

struct ClipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clip",
        abstract: "One stored clip's full record.",
        subcommands: [ClipShowCommand.self])
}

struct ClipShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A clip's record: times, media facts, sightings, custody, clock readings, derived files, audit trail.",
        discussion: """
            Reading a clip's record is an access to evidence: it is written to the audit log as clip.viewed \
            by cli:<user>. --json prints {clip, media, sightings, custody, clock, derived, audit}. Exit \
            status: 0, 2 when no clip has that id or sha256 prefix (or several have the prefix), 1 when the \
            catalog could not be read or written.
            """)

    @OptionGroup var options: HomeOptions

    @Argument(help: ArgumentHelp("The clip's id, or the start of its sha256 (8 hex digits or more).", valueName: "ID"))
    var id: String

    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run() throws {
        let detail: ClipDetail?
        do {
            detail = try options.gateway.clip(id: id, actor: "cli:" + OffloadRequest.currentActor())
        } catch let refused as ClipQueryError {
            for problem in refused.problems { Output.error(problem) }
            throw ExitCode(2)
        } catch let problem as CaseDeskSetup.Problem {
            CaseDeskSetup.report(problem)
            throw ExitCode.failure
        } catch {
            Output.error("cannot read clip \(id): \(error)")
            throw ExitCode.failure
        }
        guard let detail else {
            Output.error("no clip \(id) in the catalog")
            throw ExitCode(2)
        }
        if json { try Output.json(detail) } else { Output.text(detail.text) }
    }
}
