import Foundation
import Testing

/// `openssl dgst` run as a subprocess: the outside oracle the tests check our digests against.
enum OpenSSL {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The lowercase hex digest of the file at `path`, from `openssl dgst -<algorithm> -r`.
    static func digest(_ algorithm: String, fileAt path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "dgst", "-\(algorithm)", "-r", path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl dgst -\(algorithm) failed: \(String(decoding: errorData, as: UTF8.self))")
        }
        // `-r` prints "<hex> *<path>".
        guard let field = String(decoding: data, as: UTF8.self).split(separator: " ").first else {
            throw Failure(description: "openssl dgst -\(algorithm) printed nothing")
        }
        return field.lowercased()
    }

    /// The digest of `bytes`, via a temporary file.
    static func digest(_ algorithm: String, of bytes: [UInt8]) throws -> String {
        try TemporaryFile.with(bytes) { path in try digest(algorithm, fileAt: path) }
    }
}

/// A file in the temporary directory, removed when `body` returns.
enum TemporaryFile {
    static func with<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("recgate-digest-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }
}
