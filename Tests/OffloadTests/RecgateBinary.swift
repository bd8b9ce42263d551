import Foundation
import TestSupport

/// Runs the real `recgate` executable, as a person or a script would, so tests see exit codes,
/// output and what a SIGKILL at any instant leaves behind.
struct RecgateBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var killed: Bool
    }

    let path: String

    /// The debug build next to the package, which `make test` builds before the tests run.
    static let shared: RecgateBinary = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for configuration in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(configuration)/recgate").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return RecgateBinary(path: candidate) }
        }
        fatalError("recgate is not built: run `swift build` first (make test does)")
    }()

    /// Runs recgate with `arguments` and waits for it.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes while the process runs, so a large report cannot block it.
        let outData = ReadBox()
        let errData = ReadBox()
        let group = DispatchGroup()
        for (pipe, box) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                box.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        process.waitUntilExit()
        group.wait()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self),
            killed: process.terminationReason == .uncaughtSignal)
    }

    /// Runs recgate with its test checkpoints logged to `log` (see Sources/Offload/Checkpoint.swift) and,
    /// with `stopAt`, kills it with SIGKILL where it stopped itself: the `occurrence`-th time (from 1) it
    /// reached the point `name`. `killed` says whether it stopped there; a run that never reaches the
    /// point exits normally with `killed` false.
    @discardableResult
    func run(_ arguments: [String], checkpointLog log: URL, stopAt: (name: String, occurrence: Int)? = nil)
        throws -> Result
    {
        var environment = ["RECGATE_TEST_CHECKPOINTS": log.path]
        if let stopAt { environment["RECGATE_TEST_STOP_AT"] = "\(stopAt.name):\(stopAt.occurrence)" }
        let outputs = try TempDirectory(prefix: "recgate-checkpoint")
        let child = try SpawnedProcess(path, arguments, environment: environment, outputFolder: outputs.url)
        var killed = false
        if try child.waitUntilStopped() {
            kill(child.pid, SIGKILL)
            killed = true
        }
        let status = try child.wait()
        return Result(status: status, stdout: child.stdout(), stderr: child.stderr(), killed: killed && status == 128 + SIGKILL)
    }

    /// The checkpoints a run logged, in order.
    static func checkpoints(in log: URL) -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}

private final class ReadBox: @unchecked Sendable {
    // Sendable proof: `data` is read and written only under `lock`.
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
