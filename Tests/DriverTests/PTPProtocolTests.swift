import DeviceKit
import Foundation
import PTPDriver
import Testing

/// The container, strings and datasets against byte layouts written from PROTOCOLS.md's table and ISO 15740,
/// not from the code under test.
@Suite struct PTPProtocol {
    // MARK: Containers

    @Test func aCommandContainerIsLaidOutAsTheTableSays() throws {
        // GetObject (0x1009), transaction 7, one parameter: handle 0x11.
        let command = PTPContainer(kind: .command, code: 0x1009, transactionID: 7, parameters: [0x11])
        #expect(try command.encoded() == [
            0x10, 0x00, 0x00, 0x00,  // length 16
            0x01, 0x00,  // type 1: command
            0x09, 0x10,  // code 0x1009
            0x07, 0x00, 0x00, 0x00,  // transaction 7
            0x11, 0x00, 0x00, 0x00,  // parameter 1
        ])
        // OpenSession (0x1002) with session id 1, transaction 0; GetDeviceInfo (0x1001) with no parameters.
        #expect(try PTPContainer(kind: .command, code: 0x1002, transactionID: 0, parameters: [1]).encoded()
                == [0x10, 0, 0, 0, 0x01, 0, 0x02, 0x10, 0, 0, 0, 0, 0x01, 0, 0, 0])
        #expect(try PTPContainer(kind: .command, code: 0x1001, transactionID: 0).encoded()
                == [0x0C, 0, 0, 0, 0x01, 0, 0x01, 0x10, 0, 0, 0, 0])
    }

    @Test func responsesDataAndEventsDecode() throws {
        // Response OK (0x2001) to transaction 3, one parameter 0x0001_0001.
        let ok = try PTPContainer.decode([0x10, 0, 0, 0, 0x03, 0, 0x01, 0x20, 0x03, 0, 0, 0, 0x01, 0, 0x01, 0])
        #expect(ok == PTPContainer(kind: .response, code: 0x2001, transactionID: 3, parameters: [0x0001_0001]))
        // A data container of GetDevicePropValue (0x1015): BatteryLevel 80.
        let data = try PTPContainer.decode([0x0D, 0, 0, 0, 0x02, 0, 0x15, 0x10, 0x04, 0, 0, 0, 80])
        #expect(data.kind == .data && data.code == 0x1015 && data.transactionID == 4 && data.payload == [80])
        #expect(try data.encoded() == [0x0D, 0, 0, 0, 0x02, 0, 0x15, 0x10, 0x04, 0, 0, 0, 80])
        // Event ObjectAdded (0x4002) for handle 0x12.
        let event = try PTPContainer.decode([0x10, 0, 0, 0, 0x04, 0, 0x02, 0x40, 0, 0, 0, 0, 0x12, 0, 0, 0])
        #expect(event.kind == .event && event.code == 0x4002 && event.parameters == [0x12])
        // Five parameters is the most a container carries.
        let five = PTPContainer(kind: .response, code: 0x2001, transactionID: 1, parameters: [1, 2, 3, 4, 5])
        #expect(try PTPContainer.decode(try five.encoded()) == five)
    }

    @Test(arguments: [
        ("short header", [0x0C, 0, 0, 0, 0x03, 0, 0x01, 0x20] as [UInt8]),
        ("length field above the bytes", [0x10, 0, 0, 0, 0x03, 0, 0x01, 0x20, 1, 0, 0, 0]),
        ("length field below the bytes", [0x0C, 0, 0, 0, 0x03, 0, 0x01, 0x20, 1, 0, 0, 0, 9, 0, 0, 0]),
        ("length field below 12", [0x08, 0, 0, 0, 0x03, 0, 0x01, 0x20, 1, 0, 0, 0]),
        ("unknown type 5", [0x0C, 0, 0, 0, 0x05, 0, 0x01, 0x20, 1, 0, 0, 0]),
        ("type 0", [0x0C, 0, 0, 0, 0x00, 0, 0x01, 0x20, 1, 0, 0, 0]),
        ("half a parameter", [0x0E, 0, 0, 0, 0x03, 0, 0x01, 0x20, 1, 0, 0, 0, 1, 0]),
        ("six parameters", [0x24, 0, 0, 0, 0x03, 0, 0x01, 0x20, 1, 0, 0, 0] + [UInt8](repeating: 0, count: 24)),
    ])
    func malformedContainersAreRefused(_ problem: String, _ bytes: [UInt8]) {
        let error = #expect(throws: PTPError.self, "\(problem)") { try PTPContainer.decode(bytes, operation: "test") }
        #expect(error?.code == .malformedContainer, "\(problem)")
        #expect(error?.operation == "test")
    }

    @Test func moreThanFiveParametersCannotBeEncoded() {
        let error = #expect(throws: PTPError.self) {
            try PTPContainer(kind: .command, code: 0x1007, transactionID: 1, parameters: [1, 2, 3, 4, 5, 6]).encoded()
        }
        #expect(error?.code == .invalidArgument)
    }

    // MARK: Strings and datasets

    @Test func stringsAreACountByteAndUCS2() throws {
        // "Canon": count 6 (five characters and the NUL), UCS-2LE.
        let canon: [UInt8] = [6, 0x43, 0, 0x61, 0, 0x6E, 0, 0x6F, 0, 0x6E, 0, 0, 0]
        var r = PTPDataReader(canon + [0] + [3, 0x34, 0x6E, 0xB3, 0x8B, 0, 0], operation: "test")
        #expect(try r.string() == "Canon")
        #expect(try r.string() == "")  // count 0
        #expect(try r.string() == "\u{6E34}\u{8BB3}")  // two CJK characters
        #expect(try PTPDataWriter.string("Canon") == canon)
        #expect(try PTPDataWriter.string("") == [0])

        var unterminated = PTPDataReader([2, 0x41, 0, 0x42, 0], operation: "test")
        #expect(throws: PTPError.self) { try unterminated.string() }
        var cut = PTPDataReader([6, 0x43, 0, 0x61], operation: "test")
        let error = #expect(throws: PTPError.self) { try cut.string() }
        #expect(error?.code == .shortData)
    }

    static func string(_ s: String) -> [UInt8] {
        if s.isEmpty { return [0] }
        let units = Array(s.utf16) + [0]
        return [UInt8(units.count)] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    /// A DeviceInfo dataset written field by field from ISO 15740 §5.5.1.
    static let deviceInfoBytes: [UInt8] =
        [100, 0]  // StandardVersion 1.00
        + [6, 0, 0, 0]  // VendorExtensionID 6 (Microsoft: MTP)
        + [100, 0]  // VendorExtensionVersion
        + string("microsoft.com: 1.0;")
        + [0, 0]  // FunctionalMode
        + [3, 0, 0, 0, 0x01, 0x10, 0x02, 0x10, 0x09, 0x10]  // OperationsSupported
        + [1, 0, 0, 0, 0x02, 0x40]  // EventsSupported
        + [2, 0, 0, 0, 0x01, 0x50, 0x11, 0x50]  // DevicePropertiesSupported
        + [0, 0, 0, 0]  // CaptureFormats
        + [1, 0, 0, 0, 0x0D, 0x30]  // ImageFormats
        + string("Canon Inc.") + string("Canon PowerShot SX200 IS") + string("1-1.0.1.0") + string("CN0001")

    @Test func deviceInfoParses() throws {
        let info = try PTPDeviceInfo(parsing: Self.deviceInfoBytes)
        #expect(info.standardVersion == 100)
        #expect(info.vendorExtensionID == 6 && info.vendorExtensionVersion == 100)
        #expect(info.vendorExtensionDescription == "microsoft.com: 1.0;")
        #expect(info.operationsSupported == [0x1001, 0x1002, 0x1009])
        #expect(info.eventsSupported == [0x4002])
        #expect(info.devicePropertiesSupported == [0x5001, 0x5011])
        #expect(info.imageFormats == [0x300D])
        #expect(info.manufacturer == "Canon Inc." && info.model == "Canon PowerShot SX200 IS")
        #expect(info.deviceVersion == "1-1.0.1.0" && info.serialNumber == "CN0001")
        #expect(try info.encoded() == Self.deviceInfoBytes)
        // Cut anywhere, it is short data, never a crash.
        for n in stride(from: 0, to: Self.deviceInfoBytes.count, by: 7) {
            let error = #expect(throws: PTPError.self) { try PTPDeviceInfo(parsing: Array(Self.deviceInfoBytes.prefix(n))) }
            #expect(error?.code == .shortData)
        }
        // An array count larger than the bytes left.
        var huge = Self.deviceInfoBytes
        huge.replaceSubrange(51..<55, with: [0xFF, 0xFF, 0xFF, 0x7F])  // OperationsSupported count
        #expect(throws: PTPError.self) { try PTPDeviceInfo(parsing: huge) }
    }

    @Test func objectInfoFieldsSitAtTheirOffsets() throws {
        var b = [UInt8](repeating: 0xEE, count: 52)
        b.replaceSubrange(0..<4, with: [0x01, 0x00, 0x01, 0x00])  // StorageID 0x00010001
        b.replaceSubrange(4..<6, with: [0x0D, 0x30])  // ObjectFormat 0x300D
        b.replaceSubrange(8..<12, with: [0xE0, 0x93, 0x04, 0x00])  // ObjectCompressedSize 300000
        b.replaceSubrange(38..<42, with: [0x05, 0x00, 0x00, 0x00])  // ParentObject 5
        b += Self.string("MVI_0001.MP4") + Self.string("20261103T093015") + Self.string("20261103T094015") + [0]
        #expect(b[52] == 13 && b[53] == 0x4D)  // the Filename's count byte, then its first character
        let info = try PTPObjectInfo(parsing: b)
        #expect(info == PTPObjectInfo(storageID: 0x0001_0001, objectFormat: 0x300D, compressedSize: 300_000,
                                      parentObject: 5, filename: "MVI_0001.MP4", captureDate: "20261103T093015",
                                      modificationDate: "20261103T094015"))
        #expect(throws: PTPError.self) { try PTPObjectInfo(parsing: Array(b.prefix(60))) }
    }

    // MARK: DateTime

    @Test func dateTimeStrings() throws {
        let local = LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 30, second: 15)
        #expect(PTPDateTime("20261103T093015") == PTPDateTime(local: local))
        #expect(PTPDateTime("20261103T093015.5") == PTPDateTime(local: local, tenths: 5))
        #expect(PTPDateTime("20261103T093015Z") == PTPDateTime(local: local, zone: .utc))
        #expect(PTPDateTime("20261103T093015+0800") == PTPDateTime(local: local, zone: .offset(minutes: 480)))
        #expect(PTPDateTime("20261103T093015.5-0130") == PTPDateTime(local: local, tenths: 5, zone: .offset(minutes: -90)))
        for bad in ["", "20261103 093015", "20261303T093015", "20261103T093015+08", "20261103T093015ZZ",
                    "20261103T0930", "2026110xT093015", "20261103T093015.", "20260230T093015"] {
            #expect(PTPDateTime(bad) == nil, "\(bad)")
        }
        #expect(PTPDateTime(local).description == "20261103T093015")
        #expect(PTPDateTime("20261103T093015.5-0130")?.description == "20261103T093015.5-0130")
        // No zone: the device's local time as it is. A zone: the instant read in the gateway's zone.
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        #expect(PTPDateTime("20261103T093015")?.localTime(in: shanghai) == local)
        #expect(PTPDateTime("20261103T013015Z")?.localTime(in: shanghai) == local)
    }
}

/// The PTP driver's sessions support what the camera's DeviceInfo lists, no more.
@Suite struct PTPSessionSupportTests {
    static func info(operations: [UInt16] = [], properties: [UInt16] = [], serial: String = "CN0001") -> PTPDeviceInfo {
        PTPDeviceInfo(operationsSupported: operations, devicePropertiesSupported: properties, manufacturer: "Canon Inc.",
                      model: "Test", deviceVersion: "1", serialNumber: serial)
    }

    @Test func whatDeviceInfoDoesNotListIsNotSupported() {
        let full = Self.info(
            operations: [0x1001, 0x1002, 0x1003, 0x1004, 0x1005, 0x1007, 0x1008, 0x1009, 0x100B, 0x1015, 0x1016],
            properties: [0x5001, 0x5011])
        #expect(PTPFamily.supported(by: full) == PTPFamily().capabilities)
        // No DeleteObject, no GetStorageInfo, no BatteryLevel, DateTime readable but not settable.
        let bare = Self.info(operations: [0x1001, 0x1002, 0x1003, 0x1004, 0x1007, 0x1008, 0x1009, 0x1015],
                             properties: [0x5011])
        #expect(PTPFamily.supported(by: bare).names == ["identify", "read_clock", "list_recordings", "read_recordings"])
    }

    @Test func theSerialIsDeviceInfosElseTheUSBString() {
        #expect(PTPFamily.serial(deviceInfo: Self.info(serial: " CN0042 "), usbSerial: "0123") == "CN0042")
        #expect(PTPFamily.serial(deviceInfo: Self.info(serial: ""), usbSerial: "0123") == "0123")
        #expect(PTPFamily.serial(deviceInfo: Self.info(serial: "  "), usbSerial: nil) == nil)
    }
}
