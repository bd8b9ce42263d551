import Foundation
import Testing
import TestSupport
import USB
import USBEmulation

/// The dock with an Android recorder in bay 3 (1-1.5.3) instead of the camera: Google's MTP VID:PID
/// 18d1:4ee1 (in libmtp's device table), interface 6/1/1 named "MTP" (string 4), as Android's MTP stack has it.
enum MTPDock {
    static let port = "1-1.5.3"
    static let cameraDescriptors =
        "1201000200000040A904C03102000102030109022700010100C001090400000306010100070581020002000705020200020007058303080009"
    static let mtpDescriptors =
        "1201000200000040D118E14E02000102030109022700010100C001090400000306010104070581020002000705020200020007058303080009"

    /// The dock fixture's records with the recorder's descriptors in the camera's place.
    static func records() throws -> String {
        let text = try String(contentsOfFile: Dock.fixture, encoding: .utf8)
        guard text.contains(cameraDescriptors) else { throw TestSupportError("the dock fixture's camera changed") }
        return text.replacingOccurrences(of: cameraDescriptors, with: mtpDescriptors)
    }

    /// The recorder's own records (to dock it later).
    static func deviceRecords() throws -> String {
        EmulatedUSB.records(in: try records()).filter { $0.name == port || $0.name.hasPrefix(port + ":") }
            .map(\.text).joined(separator: "\n")
    }

    static func with<T>(_ device: EmulatedMTPDevice, _ body: (EmulatedUSB, USBContext) throws -> T) throws -> T {
        let bed = try EmulatedUSB()
        try bed.add(records: try records(), responders: [port: device])
        return try withExtendedLifetime(bed) {
            let context = try USBContext()
            return try withExtendedLifetime(context) { try body(bed, context) }
        }
    }

    static let zone = TimeZone(identifier: "Asia/Shanghai")!
}
