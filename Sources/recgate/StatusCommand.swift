import ArgumentParser
import Daemon
import Foundation
import Presentation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the running daemon (recgate serve) is doing: bays, devices, offloads in progress.",
        discussion: "Asks the daemon serving the home, found through <home>/run/serve.json, for GET /status. "
            + "Exits 1 when no daemon runs.")

    @OptionGroup var options: HomeOptions

    @Flag(name: .long, help: "Print the status document as the daemon serves it.")
    var json = false

    func run() throws {
        let answer: (data: Data, status: DaemonStatus)
        do {
            answer = try StatusClient.status(home: options.resolved)
        } catch {
            Output.error(error.description)
            throw ExitCode.failure
        }
        if json {
            FileHandle.standardOutput.write(answer.data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            for line in answer.status.lines { Output.line(line) }
        }
    }
}
