import PTPDriver
import Testing

/// What the PTP string reader accepts, the writer writes back (found by the ptp-device-info fuzz target:
/// fuzz/regressions/ptp-device-info/crash-63c3…, a VendorExtensionDesc holding a surrogate pair).
@Suite struct PTPStringRoundTripTests {
    @Test func aCharacterOutsideTheBasicPlaneIsReadAndWrittenAsASurrogatePair() throws {
        // "记录🎥": count 5 (two CJK units, a surrogate pair, NUL), UTF-16LE.
        let bytes: [UInt8] = [5, 0xB0, 0x8B, 0x55, 0x5F, 0x3C, 0xD8, 0xA5, 0xDF, 0, 0]
        var reader = PTPDataReader(bytes, operation: "test")
        let text = try reader.string()
        #expect(text == "记录🎥")
        #expect(try PTPDataWriter.string(text) == bytes)
    }

    @Test func moreThan254UnitsAreStillRefused() throws {
        #expect(try PTPDataWriter.string(String(repeating: "A", count: 254)).count == 1 + 2 * 255)
        // 127 pairs are 254 units; one more character is 255.
        #expect(try PTPDataWriter.string(String(repeating: "🎥", count: 127)).first == 255)
        #expect(throws: PTPError.self) { try PTPDataWriter.string(String(repeating: "🎥", count: 127) + "A") }
    }
}
