import Foundation
import Testing
import TestSupport

/// The `recgate` binary as a clerk or a script runs it, on one home folder.
struct Recgate {
    static let binary = PackageRoot.url.appendingPathComponent(".build/debug/recgate").path

    let home: URL

    /// Runs `recgate --home HOME args…`.
    @discardableResult
    func run(_ args: [String]) throws -> ProcessOutput {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
        return try TestSupport.run(Self.binary, ["--home", home.path] + args)
    }

    /// Runs it and requires exit status `status`, naming the command and its output when not.
    @discardableResult
    func expect(_ status: Int32, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessOutput {
        let result = try run(args)
        try #require(result.status == status, "recgate \(args.joined(separator: " ")) exited \(result.status), not \(status): \(result.stderr)\(result.stdout)",
                     sourceLocation: sourceLocation)
        return result
    }

    /// Runs it with `--json` and decodes its standard output.
    func json<T: Decodable>(_ type: T.Type, status: Int32 = 0, _ args: [String],
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        let result = try expect(status, args + ["--json"], sourceLocation: sourceLocation)
        return try JSONDecoder().decode(T.self, from: Data(result.stdout.utf8))
    }

    /// Runs it with `--json` and returns the document as Foundation objects.
    func object(status: Int32 = 0, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let result = try expect(status, args + ["--json"], sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], sourceLocation: sourceLocation)
    }
}

/// A file in `folder` with `text`, for the commands to read.
func write(_ text: String, to name: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
}
