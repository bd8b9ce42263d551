import Foundation
import Testing
@testable import MassStorageDriver

/// The text of a device-info file as the built-in rules read it: whatever the bytes (fuzz/, device-info-file).
@Suite struct DeviceInfoTextTests {
    static let rule = try! #require(ProfileRegistry.builtin().compactMap(\.deviceInfo).first)

    @Test func blankLinesAnywhereLeaveTheFieldsAsTheyWere() throws {
        let plain = "SN=A001234\r\nMODEL=DSJ-A8 Pro\r\nUSERNO=012345\r\n"
        let spaced = "\n\n \t\r\n  SN =\n\n\r\n   A001234\r\n\u{2028}\n MODEL=DSJ-A8 Pro \n\u{0B}\n\nUSERNO:\n  \n012345"
        let expected = DeviceInfoFile(path: "DEVICE.TXT", serial: "A001234", model: "DSJ-A8 Pro", officer: "012345")
        #expect(DeviceInfoFile.parse(Array(plain.utf8), path: "DEVICE.TXT", rule: Self.rule) == expected)
        #expect(DeviceInfoFile.parse(Array(spaced.utf8), path: "DEVICE.TXT", rule: Self.rule) == expected)
    }

    /// 64 KiB of line breaks took the rules' `(?m)^\s*` more than ten minutes (n² steps): blank lines go before
    /// matching, so the expressions see no text at all (fuzz/regressions/device-info-file/timeout-blank-lines).
    @Test func aFileOfLineBreaksLeavesNothingToMatch() throws {
        for filler in ["\n", "\r\n", " \n", "\u{2029}"] {
            let text = String(repeating: filler, count: DeviceInfoFile.sizeLimit / filler.utf8.count)
            #expect(DeviceInfoFile.withoutBlankLines(text).isEmpty)
            #expect(DeviceInfoFile.parse(Array(text.utf8), path: "DEVICE.TXT", rule: Self.rule)
                    == DeviceInfoFile(path: "DEVICE.TXT", serial: nil, model: nil, officer: nil))
        }
        // Text after the run is found.
        let late = String(repeating: "\n", count: 60_000) + "SN=X9-001\n"
        #expect(DeviceInfoFile.parse(Array(late.utf8), path: "DEVICE.TXT", rule: Self.rule).serial == "X9-001")
    }
}
