import Foundation
import Testing
@testable import Compliance
import DeviceKit

@Suite struct JSONScannerTests {
    @Test func valuesKeepTheirLinesAndColumns() throws {
        let text = "{\n  \"名称\": \"现场\",\n  \"n\": [1, -2.5e3, true, null],\r\n  \"s\": \"a\\u00e9\\ud83d\\ude00\\n\"\n}"
        let root = try JSONScanner.parse(Array(text.utf8))
        guard case .object(let members) = root.value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["名称", "n", "s"])
        #expect(members.map(\.line) == [2, 3, 4])
        // "名称": the value starts after 3 spaces, the 4-character key and ": " — column 9 in characters.
        #expect(members[0].value.column == 9)
        guard case .array(let numbers) = members[1].value.value else { Issue.record("not an array"); return }
        #expect(numbers.map(\.column) == [9, 12, 20, 26])
        if case .number(let text) = numbers[1].value { #expect(text == "-2.5e3") } else { Issue.record("not a number") }
        if case .string(let s) = members[2].value.value { #expect(s == "aé😀\n") } else { Issue.record("not a string") }
    }

    @Test(arguments: [
        ("[1, 2", 1, 6, "expected \",\" or \"]\""),
        ("{\"a\": 01}", 1, 8, "expected \",\" or \"}\""),
        ("[\"\\ud800\"]", 1, 9, "unpaired surrogate"),
        ("\n\n  [tru]", 3, 7, "expected true"),
        ("[1] x", 1, 5, "after the end"),
        ("[\"a\nb\"]", 1, 4, "control character"),
    ])
    func syntaxErrorsHaveTheirPlace(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try JSONScanner.parse(Array(text.utf8))
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func pathsReadLikeTheBrief() {
        let path = JSONPath.root.appending(2).appending("steps").appending(1).appending("end")
        #expect(path.description == "[2].steps[1].end")
        #expect(JSONPath.root.appending("a b").description == "[\"a b\"]")
        #expect(JSONPath.root.description == "$")
    }
}
