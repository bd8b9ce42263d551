import Accounts
import Foundation

/// A new password for a `recgate user` command: the first line of standard input without its newline,
/// or, when standard input is a terminal, typed twice without echo.
enum PasswordInput {
    /// A line longer than this is not a password (at most 72 bytes) and is not read further.
    static let longestLine = 1024

    static func read(for name: String) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = try readLine() else { throw AccountError.invalidPassword(reason: "was not given: standard input is empty") }
            return line
        }
        let first = try prompted("Password for \(name): ")
        let second = try prompted("Again: ")
        guard first == second else { throw AccountError.invalidPassword(reason: "was typed differently the second time; nothing changed") }
        return first
    }

    /// Turns the terminal's echo off, asks on standard error, reads a line, and restores the echo (also
    /// when reading fails). Echo goes off before the prompt shows: turning it off discards what was typed
    /// ahead, which must not be an answer to the prompt.
    private static func prompted(_ prompt: String) throws -> String {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { throw failure("tcgetattr", errno) }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        EchoRestore.arm(saved)
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0 else {
            EchoRestore.disarm()
            throw failure("tcsetattr", errno)
        }
        defer {
            _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            EchoRestore.disarm()
            // The newline typed was not echoed.
            FileHandle.standardError.write(Data("\n".utf8))
        }
        FileHandle.standardError.write(Data(prompt.utf8))
        return try readLine() ?? ""
    }

    /// The bytes of standard input up to the first newline (not included) or the end, as UTF-8; nil when
    /// the input is empty.
    private static func readLine() throws -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = Foundation.read(STDIN_FILENO, &byte, 1)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("read", errno)
            }
            if n == 0 {
                if bytes.isEmpty { return nil }
                break
            }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
            if bytes.count > longestLine {
                throw AccountError.invalidPassword(reason: "line on standard input is longer than \(longestLine) bytes")
            }
        }
        guard let line = String(bytes: bytes, encoding: .utf8) else {
            throw AccountError.invalidPassword(reason: "is not valid UTF-8")
        }
        return line
    }

    private static func failure(_ call: String, _ code: Int32) -> AccountError {
        .invalidPassword(reason: "could not be read (\(call): \(String(cString: strerror(code))))")
    }
}
