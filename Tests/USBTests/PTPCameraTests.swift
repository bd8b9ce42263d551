import Digest
import Foundation
import PTPDriver
import Testing
import TestSupport
import USB
import USBEmulation

extension Emulated {
    /// The PTP driver through real libusb against an emulated camera at the dock's 1-1.5.3.
    @Suite struct PTPCamera {
        static let port = "1-1.5.3"
        static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

        func withSession<T>(_ camera: EmulatedPTPCamera, timeout: Duration = .seconds(5),
                            _ body: (PTPSession, EmulatedUSB) throws -> T) throws -> T {
            try Dock.with(responders: [Self.port: camera]) { bed, context in
                let session = try PTPSession(device: try context.devices().at(Self.port), timeout: timeout)
                return try body(session, bed)
            }
        }

        /// A reading's offset against what the camera knows it served. The camera formed its answer inside the
        /// gateway's round trip (before ≤ served ≤ after), so the midpoint is within half the round trip of
        /// that instant; its clock shows whole seconds, which drops less than a second. So the offset lies in
        /// (model − 1 − u/2, model + u/2] for the round trip u measured, however loaded the machine is.
        static func expectFaithful(offset: Double?, uncertainty: Double, gatewayTime: Date?,
                                   to served: EmulatedPTPCamera.ClockEvent?, slack: Double = 1e-6,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
            guard let offset, let served else {
                Issue.record("no offset (\(String(describing: offset))) or no DateTime served", sourceLocation: sourceLocation)
                return
            }
            let half = uncertainty / 2 + slack
            if let gatewayTime {
                #expect(abs(served.at.timeIntervalSince(gatewayTime)) <= half,
                        "served at \(served.at), reading placed at \(gatewayTime) ± \(uncertainty / 2)", sourceLocation: sourceLocation)
            }
            #expect(offset > served.offset - 1 - half && offset <= served.offset + half,
                    "offset \(offset), the camera's model \(served.offset), round trip \(uncertainty)", sourceLocation: sourceLocation)
        }

        @Test func readsDeviceInfoBatteryAndClock() throws {
            let camera = EmulatedPTPCamera(clockOffset: 3725, battery: 64)
            try withSession(camera) { session, _ in
                #expect(session.endpoints == PTPSession.Endpoints(interface: 0, bulkOut: 0x02, bulkIn: 0x81,
                                                                  interruptIn: 0x83, maxPacketSize: 512))
                let info = try session.deviceInfo()
                #expect(info.manufacturer == "Canon Inc." && info.model == "Canon PowerShot SX200 IS")
                #expect(info.serialNumber == "CN0001" && info.deviceVersion == "1-1.0.1.0")
                #expect(info.standardVersion == 100)
                #expect(info.supports(operation: PTPOperation.getObject) && info.supports(property: PTPProperty.dateTime))
                // Outside a session, a session's operations are refused with their response code.
                let refused = #expect(throws: PTPError.self) { try session.batteryLevel() }
                #expect(refused?.code == .responseNotOK && refused?.responseCode == PTPResponse.sessionNotOpen)
                try session.openSession()
                #expect(camera.isSessionOpen)
                #expect(try session.batteryLevel() == 64)
                let reading = try CameraClock(zone: Self.shanghai).read(session)
                #expect(!reading.clockSet && reading.uncertainty >= 0)
                // The reading is what the camera served, placed where the camera served it.
                let served = try #require(camera.clockReads.last)
                #expect(served.offset == 3725 && camera.clockReads.count == 1)
                #expect(PTPDateTime(served.text)?.localTime(in: Self.shanghai) == reading.deviceTime)
                Self.expectFaithful(offset: reading.offset(in: Self.shanghai), uncertainty: reading.uncertainty,
                                    gatewayTime: reading.gatewayTime, to: served)
                try session.closeSession()
                #expect(!camera.isSessionOpen)
                #expect(camera.operations == [0x1001, 0x1015, 0x1002, 0x1015, 0x1015, 0x1003])
            }
        }

        @Test func setsTheClockToTheGatewaysLocalTime() throws {
            let camera = EmulatedPTPCamera(clockOffset: -500)
            try withSession(camera) { session, _ in
                try session.openSession()
                let started = Date()
                let readings = try CameraClock(zone: Self.shanghai).synchronize(session, set: true)
                #expect(readings.map(\.clockSet) == [true, false])
                // Each reading is what the camera served: -500 s ahead before the set, what the set made it after.
                let served = camera.clockReads
                #expect(served.count == 2 && served.first?.offset == -500)
                for (reading, answer) in zip(readings, served) {
                    Self.expectFaithful(offset: reading.offset(in: Self.shanghai), uncertainty: reading.uncertainty,
                                        gatewayTime: reading.gatewayTime, to: answer)
                }
                // The model's clock was set, once, to a local time without a zone: the gateway's time to the
                // nearest second, taken after the test started and before the camera applied it.
                #expect(camera.clockSets.count == 1)
                #expect(camera.clockSets.first.map { PTPDateTime($0)?.zone == nil } == true)
                let set = try #require(camera.clockSetEvents.first)
                let written = try #require(PTPDateTime(set.text)?.localTime(in: Self.shanghai).instant(in: Self.shanghai))
                #expect(written >= started.addingTimeInterval(-0.5) && written <= set.at.addingTimeInterval(0.5),
                        "set to \(written), started \(started), applied \(set.at)")
                #expect(served.last?.offset == set.offset && camera.clockOffset == set.offset)
            }
        }

        @Test func listsAndStreamsObjects() throws {
            let camera = EmulatedPTPCamera()
            let folder = try TempDirectory()
            try withSession(camera) { session, _ in
                try session.openSession()
                #expect(try session.storageIDs() == [camera.storageID])
                #expect(try session.objectHandles() == [0x11, 0x12, 0x13, 0x14])
                #expect(try session.objectHandles(storage: camera.storageID) == [0x11, 0x12, 0x13, 0x14])
                for object in camera.objects {
                    let info = try session.objectInfo(object.handle)
                    #expect(info == PTPObjectInfo(storageID: camera.storageID, objectFormat: object.format,
                                                  compressedSize: UInt32(object.bytes.count), parentObject: 0,
                                                  filename: object.filename, captureDate: object.captureDate,
                                                  modificationDate: object.captureDate))
                    // Streamed: hashed chunk by chunk, never gathered; the model's bytes hashed by openssl.
                    let digest = MultiDigest([.sha256])
                    var chunks: [Int] = []
                    let count = try session.getObject(object.handle) { chunk in
                        chunks.append(chunk.count)
                        chunk.withUnsafeBytes { digest.update($0) }
                    }
                    #expect(count == object.bytes.count)
                    #expect(chunks.allSatisfy { $0 <= session.readSize })
                    let file = folder.url.appendingPathComponent(object.filename)
                    try Data(object.bytes).write(to: file)
                    let openssl = try run("openssl", ["dgst", "-sha256", "-r", file.path])
                    #expect(openssl.status == 0)
                    #expect(digest.finalize().sha256 == String(openssl.stdout.prefix(64)), "\(object.filename)")
                }
                // The big clip took several reads; the photo's container is two packets: a zero-length packet
                // followed it and was read, so the next transaction still lines up.
                #expect(try session.batteryLevel() == 80)
                let missing = #expect(throws: PTPError.self) { try session.objectInfo(0x99) }
                #expect(missing?.responseCode == PTPResponse.invalidObjectHandle)
            }
        }

        @Test func deletesObjects() throws {
            let camera = EmulatedPTPCamera()
            try withSession(camera) { session, _ in
                #expect(try session.deviceInfo().supports(operation: PTPOperation.deleteObject))
                try session.openSession()
                try session.deleteObject(0x12)
                #expect(camera.objects.map(\.handle) == [0x11, 0x13, 0x14])
                #expect(try session.objectHandles() == [0x11, 0x13, 0x14])
                let missing = #expect(throws: PTPError.self) { try session.deleteObject(0x12) }
                #expect(missing?.responseCode == PTPResponse.invalidObjectHandle)
                #expect(camera.objects.count == 3)
            }
        }

        @Test func malformedRepliesGiveTheirErrorsAndNeverHang() throws {
            let camera = EmulatedPTPCamera()
            typealias Check = (PTPError) -> Bool
            let cases: [(EmulatedPTPCamera.Fault, UInt16, (PTPSession) throws -> Void, Check)] = [
                (.shortHeader, PTPOperation.getDevicePropValue, { _ = try $0.batteryLevel() },
                 { $0.code == .malformedContainer && $0.operation == "GetDevicePropValue" }),
                (.wrongTransactionID, PTPOperation.getStorageIDs, { _ = try $0.storageIDs() },
                 { $0.code == .wrongTransactionID && $0.operation == "GetStorageIDs" }),
                (.lengthMismatch, PTPOperation.getObjectHandles, { _ = try $0.objectHandles() },
                 { $0.code == .malformedContainer }),
                (.responseCode(PTPResponse.deviceBusy), PTPOperation.getObjectInfo, { _ = try $0.objectInfo(0x11) },
                 { $0.code == .responseNotOK && $0.responseCode == PTPResponse.deviceBusy }),
                (.stall, PTPOperation.getDevicePropValue, { _ = try $0.dateTime() },
                 { $0.code == .usb && $0.usbError?.code == .pipe }),
                (.silent, PTPOperation.getStorageIDs, { _ = try $0.storageIDs() },
                 { $0.code == .usb && $0.usbError?.code == .timeout }),
                (.vanishInData(after: 100_000), PTPOperation.getObject, { try $0.getObject(0x11) { _ in } },
                 { $0.code == .usb && $0.usbError?.code == .noDevice }),
            ]
            try withSession(camera, timeout: .milliseconds(500)) { session, _ in
                for (fault, operation, call, check) in cases {
                    try session.openSession()
                    camera.inject(fault, on: operation)
                    let error = #expect(throws: PTPError.self, "\(fault)") { try call(session) }
                    #expect(error.map(check) == true, "\(fault): \(error.map { "\($0)" } ?? "no error")")
                    // The class Device Reset clears the wedged transaction; the camera answers again.
                    try session.reset()
                    #expect(try session.deviceInfo().serialNumber == "CN0001")
                }
                #expect(camera.resets == cases.count)
            }
        }

        @Test func theCameraVanishingMidObjectIsACleanError() throws {
            let camera = EmulatedPTPCamera()
            try withSession(camera) { session, bed in
                try session.openSession()
                camera.inject(.hangInData(after: 100_000), on: PTPOperation.getObject)
                let pulled = pullDuringTransfer(bed, Self.port)
                var received = 0
                let error = #expect(throws: PTPError.self) {
                    try session.getObject(0x11) { received += $0.count }
                }
                #expect(pulled())
                #expect(error?.code == .usb && error?.usbError?.code == .noDevice, "\(error.map { "\($0)" } ?? "")")
                #expect(error?.operation == "GetObject")
                #expect(received > 0 && received < 300_000)
                // Everything after fails at once, nothing waits.
                #expect(throws: PTPError.self) { try session.deviceInfo() }
            }
        }

        // MARK: The command line

        static let binary = PackageRoot.url.appendingPathComponent(".build/debug/recgate").path

        struct ClockReport: Decodable {
            struct Reading: Decodable {
                var device_time: String
                var offset: Double?
                var clock_set: Bool
                var uncertainty: Double
            }
            var device: String
            var readings: [Reading]
            var recorded: Int
        }

        struct History: Decodable {
            struct Reading: Decodable {
                var device_time: String
                var source: String
                var clock_set: Bool
                var offset: Double
            }
            var device: String
            var readings: [Reading]
        }

        @Test func cameraClockSetRecordsTwoDockObservations() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let home = try TempDirectory()
            let camera = EmulatedPTPCamera(clockOffset: 42)
            let (clock, show) = try Dock.with(responders: [Self.port: camera]) { _, _ in
                (try run(Self.binary, ["camera", "clock", Self.port, "--set", "--json", "--home", home.url.path]),
                 try run(Self.binary, ["clock", "show", "--device", "CN0001", "--json", "--home", home.url.path]))
            }
            #expect(clock.status == 0, "\(clock.stderr)")
            let report = try JSONDecoder().decode(ClockReport.self, from: Data(clock.stdout.utf8))
            #expect(report.device == "CN0001" && report.recorded == 2)
            #expect(report.readings.map(\.clock_set) == [true, false])
            // Each printed reading is what the camera served (42 s ahead, then as set), within its round trip;
            // the JSON's offsets are rounded, hence the slack.
            let served = camera.clockReads
            #expect(served.count == 2 && served.first?.offset == 42 && served.last?.offset == camera.clockSetEvents.first?.offset)
            for (reading, answer) in zip(report.readings, served) {
                Self.expectFaithful(offset: reading.offset, uncertainty: reading.uncertainty, gatewayTime: nil,
                                    to: answer, slack: 0.01)
            }
            #expect(camera.clockSets.count == 1)

            #expect(show.status == 0, "\(show.stderr)")
            let history = try JSONDecoder().decode(History.self, from: Data(show.stdout.utf8))
            #expect(history.readings.count == 2)
            #expect(history.readings.map(\.source) == ["dock", "dock"])
            #expect(history.readings.map(\.clock_set) == [true, false])
            // The catalog keeps the same observations.
            for (kept, printed) in zip(history.readings, report.readings) {
                #expect(abs(kept.offset - (printed.offset ?? .nan)) <= 0.01, "kept \(kept.offset), printed \(String(describing: printed.offset))")
            }
        }

        @Test func cameraInfoReportsTheCamera() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let camera = EmulatedPTPCamera(battery: 55)
            let (json, text) = try Dock.with(responders: [Self.port: camera]) { _, _ in
                (try run(Self.binary, ["camera", "info", Self.port, "--json"]),
                 try run(Self.binary, ["camera", "info", Self.port]))
            }
            #expect(json.status == 0, "\(json.stderr)")
            struct Info: Decodable {
                struct Storage: Decodable { var id: String; var objects: Int }
                var model: String
                var serial: String
                var battery: Int?
                var storages: [Storage]
                var objects: Int
            }
            let info = try JSONDecoder().decode(Info.self, from: Data(json.stdout.utf8))
            #expect(info.model == "Canon PowerShot SX200 IS" && info.serial == "CN0001" && info.battery == 55)
            #expect(info.storages.map(\.id) == ["0x00010001"] && info.objects == 4)
            #expect(text.status == 0 && text.stdout.contains("storage 0x00010001: 4 objects"), "\(text.stdout)")
            let missing = try Dock.with { _, _ in try run(Self.binary, ["camera", "info", "1-1.4"]) }
            #expect(missing.status == 1 && missing.stderr.contains("no device at port 1-1.4"), "\(missing.stderr)")
        }
    }
}
