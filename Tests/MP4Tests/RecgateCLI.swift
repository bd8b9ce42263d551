import Foundation
import TestSupport

/// The built `recgate` executable, run as a person or a script would.
enum RecgateCLI {
    /// The debug (or release) build next to the package, found from this file's place in it.
    static func path() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for configuration in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(configuration)/recgate").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSupportError("recgate is not built: run `swift build` first")
    }

    static func run(_ arguments: [String]) throws -> ProcessOutput {
        try TestSupport.run(try path(), arguments)
    }
}
