import ArgumentParser
import Daemon
import Foundation
import Logging

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway daemon: offload docked devices unattended, several at once; status on loopback.",
        discussion: """
            Every volume mounted under a watched folder is offloaded through the verified pipeline as it \
            appears (volumes already mounted first), a bounded number at once (offload_concurrency), each \
            device in turn (offload_slice_bytes), and released per the release policy. GET /status and \
            GET /metrics are served on a loopback address. SIGTERM or SIGINT stops running offloads after \
            their current recording; the next start resumes. Options override serve_listen and serve_watch \
            in recgate.json.
            """)

    @OptionGroup var options: HomeOptions

    @Option(name: .long, help: ArgumentHelp(
        "Where the status server listens, on loopback only (default: serve_listen, else 127.0.0.1:8470; port 0: any free port).",
        valueName: "ADDR:PORT"))
    var listen: String?

    @Option(name: .long, help: ArgumentHelp(
        "A folder whose mounted volumes are offloaded (repeatable; default: serve_watch).", valueName: "DIR"))
    var watch: [String] = []

    @Flag(name: .long, help: "Exit once every device seen is offloaded and nothing waits (exit 1 if any is not).")
    var untilIdle = false

    func run() throws {
        let logger = Logger(label: "recgate.serve") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let daemon: Daemon
        do {
            daemon = try Daemon(home: options.resolved, listen: listen, watch: watch, untilIdle: untilIdle, logger: logger)
        } catch {
            Output.error(error.description)
            throw ExitCode(2)
        }
        // The command line is synchronous; the daemon runs on Swift concurrency's threads meanwhile.
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                outcome.set(.success(try await daemon.run()))
            } catch {
                outcome.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        switch outcome.get() {
        case .success(let status):
            if status != 0 { throw ExitCode(status) }
        case .failure(let error):
            Output.error("serve: \(error)")
            throw ExitCode.failure
        case nil:
            throw ExitCode.failure
        }
    }
}

/// The daemon's result, handed from its task to the waiting command.
private final class Outcome: @unchecked Sendable {
    // Sendable proof: `value` is read and written only under `lock`.
    private let lock = NSLock()
    private var value: Result<Int32, any Error>?
    func set(_ result: Result<Int32, any Error>) { lock.withLock { value = result } }
    func get() -> Result<Int32, any Error>? { lock.withLock { value } }
}
