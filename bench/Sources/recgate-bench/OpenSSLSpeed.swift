import Foundation

/// `openssl speed` run as a subprocess: the outside yardstick for our digests.
enum OpenSSLSpeed {
    /// Runs `openssl speed -seconds <seconds> -bytes <blockSize> -evp <algorithm>` and returns bytes
    /// per second, or `nil` with the reason when openssl is missing or its output is not understood.
    static func measure(
        algorithm: String, blockSize: Int, seconds: Int, executable: String = "openssl"
    ) -> Result<Double, UsageError> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable, "speed", "-seconds", "\(seconds)", "-bytes", "\(blockSize)", "-evp", algorithm]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(UsageError(description: "cannot run \(executable): \(error)"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            return .failure(UsageError(description: "\(executable) speed \(algorithm) exited with \(process.terminationStatus)"))
        }
        // The last line reads e.g. "sha256   1773600.77k": the figure is in 1000s of bytes per second.
        guard let last = text.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }),
            let field = last.split(whereSeparator: \.isWhitespace).last, field.hasSuffix("k"),
            let thousands = Double(field.dropLast())
        else {
            return .failure(UsageError(description: "cannot parse \(executable) speed output: \(text.suffix(200))"))
        }
        return .success(thousands * 1000)
    }
}
