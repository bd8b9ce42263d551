import DeviceKit
import Foundation
import PTPDriver
import Testing

/// MTP's datasets and PTP's events against byte layouts written from the MTP 1.1 document (ObjectPropList
/// §5.4.1, data types §3.2) and PTP over USB, not from the code under test. Malformed input is a typed error,
/// never a crash or an allocation the bytes do not justify.
@Suite struct MTPProtocol {
    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> UInt32(8 * $0)) & 0xFF) } }
    static func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8((v >> UInt64(8 * $0)) & 0xFF) } }
    /// "a.mp4" as a PTP string: 6 characters with the NUL, UCS-2LE.
    static let name: [UInt8] = [6, 0x61, 0, 0x2E, 0, 0x6D, 0, 0x70, 0, 0x34, 0, 0, 0]

    @Test func anObjectPropListOfFourTypesParses() throws {
        let id: [UInt8] = Array(1...16)
        var bytes = Self.le32(4)
        bytes += Self.le32(0x21) + Self.le16(0xDC04) + Self.le16(0x0008) + Self.le64(4_831_838_213)  // ObjectSize, UINT64
        bytes += Self.le32(0x21) + Self.le16(0xDC07) + Self.le16(0xFFFF) + Self.name  // ObjectFileName, STR
        bytes += Self.le32(0x21) + Self.le16(0xDC41) + Self.le16(0x000A) + id  // PUID, UINT128
        bytes += Self.le32(0x22) + Self.le16(0xDC02) + Self.le16(0x0004) + Self.le16(0x300D)  // ObjectFormat, UINT16
        let list = try MTPObjectPropList(parsing: bytes)
        #expect(list.elements.count == 4)
        let facts = MTPObjectFacts(list, handle: 0x21)
        #expect(facts.size == 4_831_838_213 && facts.filename == "a.mp4" && facts.persistentID == id)
        #expect(list.value(0xDC02, of: 0x22) == .unsigned(0x300D))
        #expect(list.value(0xDC04, of: 0x22) == nil)
    }

    @Test func arraysAndSignedValuesParse() throws {
        // AUINT16 with three elements; INT8 -2.
        var bytes = Self.le32(2)
        bytes += Self.le32(1) + Self.le16(0xDC99) + Self.le16(0x4004) + Self.le32(3) + Self.le16(1) + Self.le16(2) + Self.le16(3)
        bytes += Self.le32(1) + Self.le16(0xDC98) + Self.le16(0x0001) + [0xFE]
        let list = try MTPObjectPropList(parsing: bytes)
        #expect(list.value(0xDC99, of: 1) == .array([.unsigned(1), .unsigned(2), .unsigned(3)]))
        #expect(list.value(0xDC98, of: 1) == .signed(-2))
    }

    @Test func malformedListsAreTypedErrors() throws {
        let element = Self.le32(0x21) + Self.le16(0xDC04) + Self.le16(0x0008) + Self.le64(7)
        // A count of 4 billion elements in 22 bytes: refused before anything is reserved.
        let huge = #expect(throws: PTPError.self) { try MTPObjectPropList(parsing: Self.le32(0xFFFF_FFFF) + element) }
        #expect(huge?.code == .shortData)
        // Cut in the middle of the value.
        #expect(throws: PTPError.self) { try MTPObjectPropList(parsing: Self.le32(1) + element.dropLast(3)) }
        // A byte after the last element.
        #expect(throws: PTPError.self) { try MTPObjectPropList(parsing: Self.le32(1) + element + [0]) }
        // An unknown data type.
        let unknown = Self.le32(1) + Self.le32(0x21) + Self.le16(0xDC04) + Self.le16(0x0123) + Self.le64(7)
        #expect(throws: PTPError.self) { try MTPObjectPropList(parsing: unknown) }
        // An array claiming more elements than bytes.
        let array = Self.le32(1) + Self.le32(1) + Self.le16(0xDC99) + Self.le16(0x4006) + Self.le32(0x4000_0000) + Self.le32(1)
        #expect(throws: PTPError.self) { try MTPObjectPropList(parsing: array) }
        // Empty input, and a string not NUL-terminated.
        #expect(throws: PTPError.self) { try MTPObjectPropList(parsing: []) }
        let open = Self.le32(1) + Self.le32(1) + Self.le16(0xDC07) + Self.le16(0xFFFF) + [1, 0x61, 0]
        #expect(throws: PTPError.self) { try MTPObjectPropList(parsing: open) }
    }

    @Test func everyTruncationOfAValidListIsAnErrorNotACrash() throws {
        var bytes = Self.le32(2)
        bytes += Self.le32(0x21) + Self.le16(0xDC07) + Self.le16(0xFFFF) + Self.name
        bytes += Self.le32(0x21) + Self.le16(0xDC41) + Self.le16(0x000A) + Array(repeating: 7, count: 16)
        _ = try MTPObjectPropList(parsing: bytes)
        for cut in 0..<bytes.count {
            #expect(throws: PTPError.self) { try MTPObjectPropList(parsing: Array(bytes.prefix(cut))) }
        }
    }

    @Test func aPropValueIsExactlyOneValue() throws {
        #expect(try MTPPropertyValue.parse(Self.le64(1 << 33), type: 0x0008) == .unsigned(1 << 33))
        #expect(throws: PTPError.self) { try MTPPropertyValue.parse(Self.le64(1) + [0], type: 0x0008) }
        #expect(throws: PTPError.self) { try MTPPropertyValue.parse([1, 2, 3], type: 0x0006) }
        #expect(try MTPPropertyValue.parse(Self.name, type: 0xFFFF) == .string("a.mp4"))
    }

    @Test func eventsParseAndSayWhatTheyMean() throws {
        // StoreFull (0x400A) for storage 0x00010001.
        let full = try PTPEvent(parsing: [0x10, 0, 0, 0, 0x04, 0, 0x0A, 0x40, 0, 0, 0, 0, 0x01, 0, 0x01, 0])
        #expect(full.meaning == .storeFull(storage: 0x0001_0001))
        let added = try PTPEvent(parsing: [0x10, 0, 0, 0, 0x04, 0, 0x02, 0x40, 0, 0, 0, 0, 0x40, 0, 0, 0])
        #expect(added.meaning == .objectAdded(handle: 0x40))
        let changed = try PTPEvent(parsing: [0x10, 0, 0, 0, 0x04, 0, 0x06, 0x40, 0, 0, 0, 0, 0x11, 0x50, 0, 0])
        #expect(changed.meaning == .devicePropChanged(property: 0x5011))
        // A response container on the interrupt endpoint, a short one, four parameters.
        #expect(throws: PTPError.self) { try PTPEvent(parsing: [0x0C, 0, 0, 0, 0x03, 0, 0x01, 0x20, 0, 0, 0, 0]) }
        #expect(throws: PTPError.self) { try PTPEvent(parsing: [0x10, 0, 0, 0, 0x04, 0]) }
        let four = [0x1C, 0, 0, 0, 0x04, 0, 0x02, 0x40, 0, 0, 0, 0] + Array(repeating: UInt8(1), count: 16)
        #expect(throws: PTPError.self) { try PTPEvent(parsing: four) }
    }

    @Test func theMTPExtensionIsReadFromDeviceInfo() throws {
        let mtp = PTPDeviceInfo(vendorExtensionID: 6, vendorExtensionVersion: 100,
                                vendorExtensionDescription: "microsoft.com: 1.0; android.com: 1.0;",
                                operationsSupported: [0x1001, 0x95C1], devicePropertiesSupported: [],
                                manufacturer: "A", model: "B", deviceVersion: "1", serialNumber: "S")
        #expect(try PTPDeviceInfo(parsing: mtp.encoded()).isMTP)
        var described = mtp
        described.vendorExtensionID = 0xFFFF_FFFF
        #expect(described.isMTP)
        var camera = mtp
        camera.vendorExtensionID = 11  // Canon
        camera.vendorExtensionDescription = ""
        #expect(!camera.isMTP)
    }
}
