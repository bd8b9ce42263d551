import DeviceKit
import Foundation
import Presentation

/// Writing reports: JSON for scripts, plain lines for people.
///
/// Text for people carries names from files and devices (case titles, officers, file names, values
/// quoted in import errors); every control character in it except the line feeds and tabs of the
/// layout is printed escaped (`\x1b`), so a file cannot drive the terminal. JSON escapes them itself.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        FileHandle.standardOutput.write(try DocumentEncoder.encode(value))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((TerminalText.escapedKeepingLayout(text) + "\n").utf8))
    }

    /// Text as it is, without a newline added.
    static func text(_ text: String) {
        FileHandle.standardOutput.write(Data(TerminalText.escapedKeepingLayout(text).utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("recgate: " + TerminalText.escapedKeepingLayout(text) + "\n").utf8))
    }
}

extension Output {
    /// A line on standard error as it is (no `recgate:` prefix): one of several problems in a file.
    static func errorLine(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.escapedKeepingLayout(text) + "\n").utf8))
    }
}
