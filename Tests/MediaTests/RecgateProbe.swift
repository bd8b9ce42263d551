import Foundation
import TestSupport

/// The built `recgate` executable, run as a script would run it (`swift build` makes it before the
/// tests; `make test` does both).
enum Recgate {
    static let path: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for configuration in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(configuration)/recgate").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        fatalError("recgate is not built: run `swift build` first (make test does)")
    }()

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessOutput {
        try TestSupport.run(path, arguments, environment: environment)
    }

    /// `recgate probe --json …`: the exit status and the parsed array.
    static func probeJSON(_ arguments: [String]) throws -> (status: Int32, objects: [[String: Any]], output: ProcessOutput) {
        let output = try run(["probe", "--json"] + arguments)
        guard let array = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]] else {
            throw TestSupportError("recgate probe printed no JSON array: \(output.stdout) \(output.stderr)")
        }
        return (output.status, array, output)
    }
}
