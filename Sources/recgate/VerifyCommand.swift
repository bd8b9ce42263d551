import ArgumentParser
import Evidence
import Gateway
import Offload
import Presentation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash the whole store against the catalog and account for every object; exit 1 naming each problem.",
        discussion: """
            Reads only (the catalog is opened read-only). Problems: missing, mismatch, unreadable (a clip's \
            object), orphan (an object no clip claims), stray (not an object), no_audit_entry (a clip row \
            without its clip.stored entry), no_clip_row (a clip.stored entry without its row). Objects \
            published by an unfinished session are listed as uncatalogued: the next offload catalogues them.
            """)

    @OptionGroup var options: HomeOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let result: StoreVerification
        do {
            result = try options.gateway.verifyStore(progress: TerminalProgressBar.ifTerminal())
        } catch {
            Output.error("verify failed: \((error as? EvidenceError)?.message ?? "\(error)")")
            throw ExitCode.failure
        }
        if json {
            try Output.json(result)
        } else {
            for line in result.lines { Output.line(line) }
        }
        if !result.ok { throw ExitCode.failure }
    }
}
