import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a finished command left.
public struct ProcessOutput: Sendable, Hashable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs `executable` (a path, or a name looked up on PATH and in the sbin folders, where mkfs.fat lives)
/// and waits for it. Throws only when it cannot be started; a non-zero status is in the result.
///
/// posix_spawn and waitpid, not Foundation's `Process`: on Linux `Process` learns of the exit through a
/// descriptor the child inherits, so a daemon the command leaves behind (as fusefat does unless run in
/// the foreground) keeps it waiting forever. For the same reason output goes to files, not pipes.
@discardableResult
public func run(
    _ executable: String, _ args: [String], environment: [String: String] = [:], currentDirectory: URL? = nil
) throws -> ProcessOutput {
    if let currentDirectory {
        // A shell does the chdir: posix_spawn_file_actions_addchdir_np is not everywhere.
        return try run("sh", ["-c", "cd \"$0\" && exec \"$@\"", currentDirectory.path, try resolveExecutable(executable).path] + args,
                       environment: environment)
    }
    let scratch = try TempDirectory(prefix: "recgate-run")
    let child = try SpawnedProcess(executable, args, environment: environment, outputFolder: scratch.url)
    let status = try child.wait()
    return ProcessOutput(status: status, stdout: child.stdout(), stderr: child.stderr())
}

/// A started command that has not been waited for (a FUSE daemon in the foreground, an interactive command).
/// Its output goes to files in `outputFolder`, which must outlive it. With `standardInput`, its input is a pipe
/// the test writes with ``send(_:)`` and ends with ``closeInput()``; otherwise it reads /dev/null.
public final class SpawnedProcess {
    public let pid: pid_t
    public let executable: String
    private let outPath: String, errPath: String
    private var exitStatus: Int32?
    /// The write end of the child's standard input, while open.
    private var input: Int32?

    public init(_ executable: String, _ args: [String], environment: [String: String] = [:], outputFolder: URL,
                standardInput: Bool = false) throws {
        let path = try resolveExecutable(executable).path
        self.executable = executable
        outPath = outputFolder.appendingPathComponent("stdout-\(UUID().uuidString)").path
        errPath = outputFolder.appendingPathComponent("stderr-\(UUID().uuidString)").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeEnds: [Int32] = [-1, -1]
        if standardInput {
            guard pipe(&pipeEnds) == 0 else { throw TestSupportError("pipe failed (errno \(errno))") }
            // Neither end leaks into other children; the child gets the read end as fd 0 (dup2 clears the flag).
            for fd in pipeEnds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        defer { if standardInput { close(pipeEnds[0]) } }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let env = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }.map { "\($0.key)=\($0.value)" }
        var cArgs = ([path] + args).map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid = pid_t()
        let rc = posix_spawn(&pid, path, &actions, nil, &cArgs, &cEnv)
        guard rc == 0 else {
            if standardInput { close(pipeEnds[1]) }
            throw TestSupportError("cannot start \(executable): \(String(cString: strerror(rc)))")
        }
        self.pid = pid
        input = standardInput ? pipeEnds[1] : nil
    }

    deinit { closeInput() }

    /// Writes `text` to the child's standard input.
    public func send(_ text: String) throws {
        guard let input else { throw TestSupportError("\(executable) has no standard input pipe, or it was closed") }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(input, $0.baseAddress! + offset, $0.count - offset) }
            guard n > 0 else { throw TestSupportError("writing to \(executable) failed (errno \(errno))") }
            offset += n
        }
    }

    /// Ends the child's standard input (it reads end of file).
    public func closeInput() {
        if let input { close(input) }
        input = nil
    }

    /// Sends a signal (SIGINT, as Ctrl-C does).
    public func signal(_ number: Int32) { kill(pid, number) }

    /// Waits (up to `seconds`) until the child has written `text` to its standard output, and says whether
    /// it did; stops early if the child exits.
    public func waitForOutput(_ text: String, seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if stdout().contains(text) { return true }
            if poll() != nil { break }
            usleep(10_000)
        }
        return stdout().contains(text)
    }

    /// Waits for the exit and returns the status (128 + signal when killed by one).
    @discardableResult
    public func wait() throws -> Int32 {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw TestSupportError("waitpid for \(executable) failed (errno \(errno))") }
        }
        return record(status)
    }

    /// Waits until the child stops itself (SIGSTOP, as recgate's test checkpoints do) or exits, and says
    /// whether it stopped. No clock is involved: `waitpid` with `WUNTRACED` returns at either event.
    public func waitUntilStopped() throws -> Bool {
        if exitStatus != nil { return false }
        var status: Int32 = 0
        while waitpid(pid, &status, WUNTRACED) == -1 {
            guard errno == EINTR else { throw TestSupportError("waitpid for \(executable) failed (errno \(errno))") }
        }
        // WIFSTOPPED is a macro Swift does not import: the low byte is 0x7f for a stopped child.
        if status & 0xff == 0x7f { return true }
        _ = record(status)
        return false
    }

    /// The status if it has exited, without blocking.
    public func poll() -> Int32? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid ? record(status) : nil
    }

    /// Waits up to `seconds`, then sends SIGKILL and waits.
    @discardableResult
    public func wait(seconds: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let status = poll() { return status }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        return try wait()
    }

    public func stdout() -> String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    public func stderr() -> String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    private func record(_ status: Int32) -> Int32 {
        // WIFEXITED / WEXITSTATUS are macros Swift does not import.
        let value: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        exitStatus = value
        return value
    }
}

/// Runs `executable` and returns what it left and its own peak resident size in bytes, as GNU time reports
/// it (`%M`): a bound on what one operation costs that other tests running in this process cannot move.
///
/// Not `wait4` on a child of this process: Linux keeps a process's peak across `exec`, and a child spawned
/// here (glibc's posix_spawn shares this process's memory until the exec) starts with this process's own
/// peak, which every suite running alongside raises. GNU time forks its child from its own small image, so
/// the peak it reports is the command's alone.
public func runMeasuringPeak(_ executable: String, _ args: [String], environment: [String: String] = [:]) throws
    -> (output: ProcessOutput, peakBytes: Int)
{
    let scratch = try TempDirectory(prefix: "recgate-peak")
    let report = scratch.path("peak")
    let output = try run("/usr/bin/time", ["-f", "%M", "-o", report.path, try resolveExecutable(executable).path] + args,
                         environment: environment)
    let text = try String(contentsOf: report, encoding: .utf8)
    // The last line: a killed command's report starts with "Command terminated by signal N".
    guard let kilobytes = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
        throw TestSupportError("GNU time reported no peak for \(executable): \(text)")
    }
    return (output, kilobytes * 1024)
}

/// `run`, and a thrown error carrying the command line and its stderr when the status is not 0.
@discardableResult
public func runChecked(
    _ executable: String, _ args: [String], environment: [String: String] = [:], currentDirectory: URL? = nil
) throws -> ProcessOutput {
    let output = try run(executable, args, environment: environment, currentDirectory: currentDirectory)
    guard output.status == 0 else {
        throw TestSupportError(
            "\(([executable] + args).joined(separator: " ")) exited \(output.status): \(output.stderr)\(output.stdout)")
    }
    return output
}

/// The full path of a command, or nil when it is not installed.
public func which(_ name: String) -> URL? {
    if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/local/sbin"]
    for folder in folders {
        let candidate = folder + "/" + name
        if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
    }
    return nil
}

private func resolveExecutable(_ name: String) throws -> URL {
    guard let url = which(name) else { throw TestSupportError("\(name) is not installed (not on PATH)") }
    return url
}
