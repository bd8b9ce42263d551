import Accounts
import Evidence
import Foundation
import Gateway
import Offload
import Testing
import TestSupport

/// A gateway home in a temporary folder with `password_cost` 10 (the lowest the configuration allows,
/// to keep bcrypt quick), its accounts, and the `recgate` binary run on it.
struct AccountHome {
    let folder: TempDirectory
    let home: GatewayHome

    init(cost: Int = 10) throws {
        folder = try TempDirectory(prefix: "recgate-accounts")
        home = GatewayHome(root: folder.url)
        try Data("{\"password_cost\": \(cost)}\n".utf8).write(to: home.configurationURL)
    }

    var gateway: Gateway { Gateway(home: home) }

    func book() throws -> AccountBook { try gateway.accounts() }

    /// Every byte the catalog keeps on disk: the database, its log and its index.
    func catalogBytes() throws -> Data {
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] {
            let url = URL(fileURLWithPath: home.catalogURL.path + suffix)
            if FileManager.default.fileExists(atPath: url.path) { bytes += try Data(contentsOf: url) }
        }
        return bytes
    }

    /// Runs `recgate --home HOME args…` with `input` on its standard input (a pipe, closed after it).
    @discardableResult
    func recgate(_ args: [String], input: String? = nil) throws -> Run {
        let binary = try PackageRoot.recgate()
        let scratch = try TempDirectory(prefix: "recgate-user-run")
        let child = try SpawnedProcess(binary, ["--home", home.root.path] + args, outputFolder: scratch.url,
                                       standardInput: input != nil)
        if let input {
            try child.send(input)
            child.closeInput()
        }
        let status = try child.wait()
        return Run(status: status, stdout: child.stdout(), stderr: child.stderr())
    }

    /// Runs it and requires `status`, showing the output when not.
    @discardableResult
    func expect(_ status: Int32, _ args: [String], input: String? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        let result = try recgate(args, input: input)
        try #require(result.status == status,
                     "recgate \(args.joined(separator: " ")) exited \(result.status), not \(status): \(result.stderr)\(result.stdout)",
                     sourceLocation: sourceLocation)
        return result
    }
}

/// What a finished `recgate` left.
struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
}

extension Data {
    /// Whether `text`'s UTF-8 bytes occur anywhere in these bytes.
    func contains(_ text: String) -> Bool {
        range(of: Data(text.utf8)) != nil
    }
}
