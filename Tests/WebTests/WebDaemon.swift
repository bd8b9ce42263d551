import Foundation
import Testing
import TestSupport

/// A home for `recgate serve` with its web accounts: one account per role, made by `recgate user add`
/// (password on standard input) at the cheapest allowed bcrypt cost.
final class WebHome: Sendable {
    let temp: TempDirectory
    let home: URL
    let watched: URL

    /// The role of each account the tests use, by account name.
    static let roles = [
        "keeper": "equipment_keeper", "staff": "evidence_staff", "legal": "legal_office", "approver": "approver",
        "admin": "administrator",
    ]
    static let password = "granite-Meadow-4"

    /// `settings` are added to the configuration (`password_cost` is 10: the lowest, fast).
    init(settings: [String: Any] = [:], accounts: Bool = true) throws {
        temp = try TempDirectory(prefix: "recgate-web")
        home = temp.path("home")
        watched = temp.path("volumes")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: watched, withIntermediateDirectories: true)
        let configuration = settings.merging(["password_cost": 10]) { mine, _ in mine }
        try JSONSerialization.data(withJSONObject: configuration).write(to: home.appendingPathComponent("recgate.json"))
        if accounts {
            for (name, role) in Self.roles.sorted(by: { $0.key < $1.key }) {
                try expect(0, ["user", "add", name, "--role", role], input: Self.password + "\n")
            }
        }
    }

    /// Runs `recgate --home HOME args…` to its end, with `input` on its standard input. Without
    /// umockdev's preload: nothing here needs emulated USB.
    @discardableResult
    func recgate(_ args: [String], input: String? = nil) throws -> CommandResult {
        let scratch = try TempDirectory(prefix: "recgate-web-run")
        let child = try SpawnedProcess(try PackageRoot.recgate(), ["--home", home.path] + args, environment: ["LD_PRELOAD": ""],
                                       outputFolder: scratch.url, standardInput: input != nil)
        if let input {
            try child.send(input)
            child.closeInput()
        }
        let status = try child.wait()
        return CommandResult(status: status, stdout: child.stdout(), stderr: child.stderr())
    }

    @discardableResult
    func expect(_ status: Int32, _ args: [String], input: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> CommandResult {
        let result = try recgate(args, input: input)
        try #require(result.status == status,
                     "recgate \(args.joined(separator: " ")) exited \(result.status), not \(status): \(result.stderr)\(result.stdout)",
                     sourceLocation: sourceLocation)
        return result
    }

    /// The `--json` document of a command, parsed.
    func document(status: Int32 = 0, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let result = try expect(status, args + ["--json"], sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
    }

    var serveArguments: [String] { ["--home", home.path, "serve", "--listen", "127.0.0.1:0", "--watch", watched.path] }
}

/// What a finished command left.
struct CommandResult: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// A running `recgate serve` on a ``WebHome`` and an HTTP client for it. Stopped (SIGTERM) when
/// released, so a failed test leaves no daemon behind.
final class WebDaemon {
    let home: WebHome
    let process: SpawnedProcess
    private(set) var client: HTTPClient?

    /// Starts the daemon; with `listening`, waits (polling, up to a generous deadline) for it to write
    /// `run/serve.json` and makes the client.
    init(_ home: WebHome, environment: [String: String] = [:], listening: Bool = true) throws {
        self.home = home
        try? FileManager.default.removeItem(at: home.home.appendingPathComponent("run/serve.json"))
        process = try SpawnedProcess(try PackageRoot.recgate(), home.serveArguments,
                                     environment: ["LD_PRELOAD": ""].merging(environment) { _, new in new },
                                     outputFolder: home.temp.url)
        if listening { try waitUntilListening() }
    }

    /// Waits until `run/serve.json` names this process, then connects.
    func waitUntilListening() throws {
        let recordURL = home.home.appendingPathComponent("run/serve.json")
        let deadline = Date().addingTimeInterval(120)
        while true {
            if let status = process.poll() {
                throw TestSupportError("recgate serve exited with \(status) before listening: \(process.stderr())")
            }
            if let data = try? Data(contentsOf: recordURL),
               let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               record["pid"] as? Int == Int(process.pid), let port = record["port"] as? Int {
                client = HTTPClient(port: port)
                return
            }
            guard Date() < deadline else { throw TestSupportError("recgate serve did not listen: \(process.stderr())") }
            usleep(20_000)
        }
    }

    var http: HTTPClient {
        get throws {
            guard let client else { throw TestSupportError("the daemon is not listening yet") }
            return client
        }
    }

    /// Signs in the account `name` (one of ``WebHome/roles``).
    func login(_ name: String) async throws -> WebSession {
        try await http.login(name, WebHome.password)
    }

    /// SIGTERM and the exit status.
    func stop() throws -> Int32 {
        process.signal(SIGTERM)
        return try process.wait(seconds: 120)
    }

    deinit {
        if process.poll() == nil {
            process.signal(SIGTERM)
            _ = try? process.wait(seconds: 60)
        }
    }
}
