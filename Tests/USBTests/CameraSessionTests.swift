import AllDrivers
import DeviceKit
import Foundation
import Gateway
import MassStorageDriver
import PTPDriver
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// The PTP driver's device session through libusb against the emulated camera: what it declares it
    /// supports follows the camera's DeviceInfo, what it does not support is refused with a clear error,
    /// and what an offload records of the camera (serial, battery, storage) agrees with the device views.
    @Suite struct CameraSessionContract {
        static let port = PTPCamera.port
        static let binary = PTPCamera.binary
        static let options = SessionOptions(zone: TimeZone(identifier: "Asia/Shanghai")!)

        func withSession<T>(_ camera: EmulatedPTPCamera, _ body: (any DeviceSession) throws -> T) throws -> T {
            try Dock.with(responders: [Self.port: camera]) { _, _ in
                try body(try BuiltInDrivers.openSession(.usb(portPath: Self.port), Self.options))
            }
        }


        @Test func aCameraSessionSupportsWhatItsDeviceInfoListsAndWorksThrough() throws {
            let camera = EmulatedPTPCamera(clockOffset: 3600, battery: 64, storageCapacity: 8 << 20)
            try withSession(camera) { session in
                #expect(session.driverName == "ptp")
                #expect(session.supported.names == ["identify", "read_clock", "set_clock", "battery", "list_recordings",
                                                    "read_recordings", "delete_recordings", "storage"])
                #expect(session.identity.serial == "CN0001" && session.identity.model == "Canon Inc. Canon PowerShot SX200 IS")
                #expect(session.label == "camera:\(Self.port)")
                let condition = try session.condition()
                #expect(condition.batteryPercent == 64)
                #expect(condition.storageTotal == 8 << 20)
                #expect(condition.storageFree.map(UInt64.init) == camera.storageFree)
                let listing = try session.recordings()
                #expect(listing.recordings.count == 3 && listing.skipped.map(\.reason) == [.notARecording])
                // The clock: read (an hour ahead), set, read back.
                let before = try session.readClock()
                #expect(before.raw == camera.clockReads.last?.text)
                let written = try session.setClock()
                #expect(camera.clockSets == [PTPDateTime(written).description])
                #expect(abs(camera.clockOffset) < 2)
                // A release of a recording not read in this session is refused, and nothing is deleted.
                #expect(try session.release(listing.recordings[0]) == .skipped(
                    "not read or hashed in this run, so not known to be the stored bytes"))
                #expect(!camera.operations.contains(PTPOperation.deleteObject))
            }
        }

        @Test func aCameraWithoutBatteryOrClockPropertiesRefusesThemClearly() throws {
            let camera = EmulatedPTPCamera(properties: [])
            try withSession(camera) { session in
                #expect(!session.supported.contains(.battery) && !session.supported.contains(.readClock)
                    && !session.supported.contains(.setClock))
                let read = try #require(sessionRefusal { _ = try session.readClock() })
                #expect(read.code == .unsupported && read.message.contains("cannot read the clock"), "\(read)")
                let set = try #require(sessionRefusal { _ = try session.setClock() })
                #expect(set.code == .unsupported && set.message.contains("cannot set the clock"), "\(set)")
                #expect(camera.clockSets.isEmpty)
                // Storage is still reported; the battery is not, and nothing was asked of the camera for it.
                let condition = try session.condition()
                #expect(condition.batteryPercent == nil && condition.storageTotal == 64 << 20)
                #expect(!camera.operations.contains(PTPOperation.getDevicePropValue))
            }
        }

        @Test func theCameraDriverOpensNoVolumesAndTheVolumeDriverNoUSBDevices() throws {
            let volume = try #require(sessionRefusal {
                _ = try PTPFamily().openSession(.volume(URL(fileURLWithPath: "/")), options: Self.options)
            })
            #expect(volume.code == .unsupported && volume.message.contains("ptp"), "\(volume)")
            let usb = try #require(sessionRefusal {
                _ = try MassStorageFamily().openSession(.usb(portPath: Self.port), options: Self.options)
            })
            #expect(usb.code == .unsupported && usb.message.contains("mass-storage"), "\(usb)")
        }

        /// Opens a session on `camera` in the dock's camera bay, lists, and lets the session go; with
        /// `productID`, the camera enumerates under that Canon PID instead of the dock's 0x31C0.
        func openAndEnd(_ camera: EmulatedPTPCamera, productID: String? = nil) throws -> DeviceQuirks {
            let bed = try EmulatedUSB()
            var records = try String(contentsOfFile: Dock.fixture, encoding: .utf8)
            if let productID {
                // The device descriptor's idVendor 04A9 and idProduct 31C0, little-endian.
                #expect(records.contains("A904C031"))
                records = records.replacingOccurrences(of: "A904C031", with: "A904" + productID)
            }
            try bed.add(records: records, responders: [Self.port: camera])
            return try withExtendedLifetime(bed) {
                let session = try #require(
                    try BuiltInDrivers.openSession(.usb(portPath: Self.port), Self.options) as? CameraSession)
                #expect(try session.recordings().recordings.count == 3)
                #expect(camera.isSessionOpen)
                return session.quirks
            }
        }

        /// `keepSessionOpen` is read where a PTP session ends: a camera of such a model (EOS 5D Mark IV,
        /// 04A9:3281) is left with its session open; any other gets CloseSession.
        @Test func aKeepSessionOpenCameraIsNotClosedAndOthersAre() throws {
            let closed = EmulatedPTPCamera()
            #expect(try openAndEnd(closed) == [])
            #expect(!closed.isSessionOpen && closed.operations.last == PTPOperation.closeSession)

            let kept = EmulatedPTPCamera(model: "Canon EOS 5D Mark IV")
            #expect(try openAndEnd(kept, productID: "8132") == [.keepSessionOpen])
            #expect(kept.isSessionOpen && !kept.operations.contains(PTPOperation.closeSession))
        }

        struct OffloadReport: Decodable {
            struct Device: Decodable {
                struct Condition: Decodable {
                    var battery_percent: Int?
                    var storage_total: Int64?
                    var storage_free: Int64?
                }
                var serial: String
                var condition: Condition?
                var condition_error: String?
            }
            var device: Device
        }

        /// A camera whose USB serial string is not its DeviceInfo serial: `devices` and an offload name it
        /// by the same rule, DeviceInfo's; and the offload records its battery and storage in the catalog.
        @Test func devicesAndAnOffloadAgreeOnTheCameraAndItsConditionIsRecorded() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let home = try TempDirectory()
            let camera = EmulatedPTPCamera(serialNumber: "CN0042", battery: 37, usbSerial: "0123456789ABCDEF")
            let free = camera.storageFree
            let (devices, offload) = try Dock.with(responders: [Self.port: camera]) { _, _ in
                (try run(Self.binary, ["devices", "--json", "--home", home.url.path]),
                 try run(Self.binary, ["offload", "--camera", Self.port, "--json", "--home", home.url.path]))
            }
            #expect(devices.status == 0, "\(devices.stderr)")
            #expect(offload.status == 0, "\(offload.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(devices.stdout.utf8)) as? [[String: Any]])
            let row = try #require(rows.first { $0["port_path"] as? String == Self.port })
            let report = try JSONDecoder().decode(OffloadReport.self, from: Data(offload.stdout.utf8))
            #expect(row["serial"] as? String == "CN0042")
            #expect(report.device.serial == "CN0042")

            #expect(report.device.condition_error == nil)
            #expect(report.device.condition?.battery_percent == 37)
            #expect(report.device.condition?.storage_total == 64 << 20)
            #expect(report.device.condition?.storage_free.map(UInt64.init) == free)
            let out = try run("sqlite3", ["-readonly", home.url.appendingPathComponent("catalog.sqlite").path,
                                          "SELECT device_serial, battery_percent, storage_total, storage_free, source FROM device_condition"])
            #expect(out.status == 0, "\(out.stderr)")
            #expect(out.stdout.split(separator: "\n") == ["CN0042|37|\(64 << 20)|\(free)|offload"])
            // The keeper's view shows them without another command.
            let health = try run(Self.binary, ["devices", "--health", "--json", "--home", home.url.path])
            #expect(health.status == 0, "\(health.stderr)")
            #expect(health.stdout.contains("battery") && health.stdout.contains("37 %"), "\(health.stdout)")
        }
    }
}
