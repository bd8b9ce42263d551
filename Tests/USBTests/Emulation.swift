import Foundation
import Testing
import TestSupport
import USB
import USBEmulation

/// All tests on emulated devices: one umockdev testbed per process at a time, so they run one by one.
@Suite(.serialized) struct Emulated {}

/// The dock fixture: two chained hubs (1-1 with five ports, 1-1.5 with four), a recorder in 1-1.2 and a
/// camera in 1-1.5.3.
enum Dock {
    static let fixture = PackageRoot.url.appendingPathComponent("fixtures/usb/dock.umockdev").path

    /// Runs `body` with the dock emulated and a libusb context that sees it; the context goes first.
    static func with<T>(responders: [String: any USBResponder] = [:],
                        _ body: (EmulatedUSB, USBContext) throws -> T) throws -> T {
        let bed = try EmulatedUSB()
        try bed.add(file: fixture, responders: responders)
        return try withExtendedLifetime(bed) {
            let context = try USBContext()
            return try withExtendedLifetime(context) { try body(bed, context) }
        }
    }
}

extension Array where Element == USBDevice {
    func at(_ path: String) throws -> USBDevice {
        try #require(first { $0.portPath == path }, "no device at \(path) in \(map(\.portPath))")
    }
}
