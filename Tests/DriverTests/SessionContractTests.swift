import AmbarellaDriver
import DeviceKit
import Foundation
import HubDriver
import PTPDriver
import Testing
import TestSupport

/// The device-session contract itself: a driver that opens no sessions says so, and an operation a
/// session leaves out is refused with a clear error naming the driver and what it does support.
@Suite struct SessionContractTests {
    /// A session that implements only what every session must: identity and its serial rule.
    final class IdentifyOnly: DeviceSession {
        let driverName = "test"
        let supported: DriverCapabilities = [.identify]
        let identity = DeviceIdentity(serial: "T0001", profile: "test")
        let label = "test:1-1"
        func serial(naming asked: String?) throws -> String { "T0001" }
        func location(of recording: Recording) -> String { recording.path }
    }


    @Test func everyOperationASessionLeavesOutIsRefusedNeverSilentlyDone() throws {
        let session = IdentifyOnly()
        let recording = Recording(
            path: "DCIM/A.MP4", size: 1, kind: .video,
            modified: TimeReading(raw: "-", local: nil, zone: TimeZone(identifier: "UTC")!, source: .fileSystem))
        let refusals: [(String, DeviceSessionError?)] = [
            ("read the clock", sessionRefusal { _ = try session.readClock() }),
            ("set the clock", sessionRefusal { _ = try session.setClock() }),
            ("report battery or storage", sessionRefusal { _ = try session.condition() }),
            ("list recordings", sessionRefusal { _ = try session.recordings() }),
            ("read recordings", sessionRefusal { _ = try session.read(recording) }),
            ("delete recordings", sessionRefusal { _ = try session.release(recording) }),
        ]
        for (operation, error) in refusals {
            let error = try #require(error, "\(operation) was not refused")
            #expect(error.code == .unsupported && error.path == "test:1-1", "\(error)")
            #expect(error.message == "the test driver cannot \(operation) on this device (it supports: identify)")
        }
    }

    @Test func driversWithoutSessionsRefuseToOpenOne() throws {
        for driver in [HubFamily()] as [any DeviceDriver] {
            let error = try #require(sessionRefusal {
                _ = try driver.openSession(.usb(portPath: "1-1.2"), options: SessionOptions(zone: TimeZone(identifier: "UTC")!))
            })
            #expect(error.code == .unsupported && error.message == "the \(driver.name) driver opens no device sessions")
        }
    }

    /// A recorder's volume is the mass-storage driver's, even one an Ambarella recorder became.
    @Test func theAmbarellaDriverOpensUSBRecordersOnly() throws {
        let error = try #require(sessionRefusal {
            _ = try AmbarellaFamily().openSession(.volume(URL(fileURLWithPath: "/tmp")), options: SessionOptions(zone: TimeZone(identifier: "UTC")!))
        })
        #expect(error.code == .unsupported && error.message == "the ambarella driver opens recorders at a USB port path only")
    }

    /// `sharedID`: the table's name for such an ID is a family's, so a camera that names no model is not
    /// given it; a camera of a listed, unshared ID that names none is.
    @Test func aSharedIDsFamilyNameIsNeverTakenForTheModel() throws {
        let silent = PTPDeviceInfo(operationsSupported: [], devicePropertiesSupported: [], manufacturer: "", model: "",
                                   deviceVersion: "", serialNumber: "S1")
        let shared = try #require(PTPFamily.model(vendorID: 0x054C, productID: 0x004E))
        #expect(shared.quirks.contains(.sharedID))
        #expect(CameraSession.model(silent, entry: shared) == "")
        let unshared = try #require(PTPFamily.model(vendorID: 0x04A9, productID: 0x31C0))
        #expect(CameraSession.model(silent, entry: unshared) == "Canon PowerShot SX200 IS")
        var named = silent
        (named.manufacturer, named.model) = ("Sony", "DSC-W800")
        #expect(CameraSession.model(named, entry: shared) == "Sony DSC-W800")
    }
}
