import Compliance
import DeviceKit
import Foundation
import Testing

/// The rules for identifiers, terminal text and plausible times, on their own.
@Suite struct InputBoundsTests {
    @Test func identifiersAreShortAndPlain() {
        #expect(Identifier.problem(String(repeating: "a", count: 64)) == nil)
        #expect(Identifier.problem(String(repeating: "警", count: 64)) == nil)
        #expect(Identifier.problem(String(repeating: "警", count: 65)) == "is 65 characters long; an identifier has at most 64")
        for good in ["CZ-ZJ-2026-0142", "310045", "张伟", "S1.a_b/c:d", "Zoë", "Zoe\u{308}", "١٢٣"] {
            #expect(Identifier.problem(good) == nil, "\(good)")
        }
        let refused: [(String, String)] = [
            ("A 1", "a space (U+0020)"), ("A\u{3000}1", "a space (U+3000)"), ("A\u{1b}[2J", "a control character (\\x1b)"),
            ("A\u{9b}", "a control character (\\u{9b})"), ("A\u{7f}", "a control character (\\x7f)"), ("a;rm", "\";\""),
            ("A\u{200b}1", "\"\u{200b}\""), ("$(x)", "\"$\""),
        ]
        for (text, what) in refused {
            #expect(Identifier.problem(text) == "contains \(what); an identifier has letters, digits and - _ . / : only", "\(text)")
        }
    }

    @Test func controlCharactersAreEscapedForTheTerminal() {
        #expect(TerminalText.escaped("plain 中文 text") == "plain 中文 text")
        #expect(TerminalText.escaped("\u{1b}]0;t\u{07}\u{1b}[31mred\r\n\t\u{0}\u{7f}\u{85}\u{9f}\u{a0}")
                == "\\x1b]0;t\\x07\\x1b[31mred\\r\\n\\t\\x00\\x7f\\u{85}\\u{9f}\u{a0}")
        #expect(TerminalText.escapedKeepingLayout("a\tb\nc\u{1b}[2Jd\re") == "a\tb\nc\\x1b[2Jd\\re")
    }

    @Test func timesFrom2000To2100() throws {
        func date(_ text: String) throws -> Date {
            guard case .success(let date) = RFC3339.parse(text) else { throw CancellationError() }
            return date
        }
        #expect(PlausibleTime.problem(try date("2000-01-01T00:00:00Z")) == nil)
        #expect(PlausibleTime.problem(try date("2099-12-31T23:59:59.999Z")) == nil)
        #expect(PlausibleTime.problem(try date("1999-12-31T23:59:59.999Z")) != nil)
        #expect(PlausibleTime.problem(try date("2100-01-01T00:00:00Z"))
                == "2100-01-01T00:00:00Z is outside the plausible range of times, 2000-01-01 to 2100-01-01")
        // A device's reading by its own date: a reset clock's 2000-01-01 is one.
        #expect(PlausibleTime.problem(LocalTimestamp(year: 2000, month: 1, day: 1, hour: 0, minute: 0, second: 0)) == nil)
        #expect(PlausibleTime.problem(LocalTimestamp(year: 1999, month: 12, day: 31, hour: 23, minute: 59, second: 59)) != nil)
        #expect(PlausibleTime.problem(LocalTimestamp(year: 2100, month: 1, day: 1, hour: 0, minute: 0, second: 0)) != nil)
    }
}
