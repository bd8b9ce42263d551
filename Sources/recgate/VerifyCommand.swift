import ArgumentParser
import Offload

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash the whole store against the catalog; exit 1 naming each mismatching or missing file.")

    @OptionGroup var options: HomeOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let result: StoreVerification
        do {
            result = try StoreVerifier(home: options.resolved, progress: TerminalProgressBar.ifTerminal()).run()
        } catch {
            Output.error("verify failed: \(error)")
            throw ExitCode.failure
        }
        if json {
            try Output.json(result)
        } else {
            for problem in result.problems {
                Output.line("\(problem.kind.rawValue.uppercased()) \(problem.path): \(problem.detail)")
            }
            Output.line("\(result.checked) stored recordings checked, \(result.problems.count) problems")
        }
        if !result.ok { throw ExitCode.failure }
    }
}
