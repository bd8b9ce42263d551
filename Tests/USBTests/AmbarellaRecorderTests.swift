import AllDrivers
import AmbarellaDriver
import DeviceKit
import Foundation
import Testing
import TestSupport
import USB
import USBEmulation

/// Officer information as a recorder keeps it: GBK bytes made by glibc's `iconv` command (the outside judge
/// of the driver's decoding), Chinese names included.
enum RecorderInfo {
    static let texts = ["A001240", "012345", "张三丰", "330106000000", "杭州市公安局西湖分局"]

    static func gbk(_ text: String) throws -> [UInt8] {
        let folder = try TempDirectory()
        let input = folder.url.appendingPathComponent("in.txt")
        let output = folder.url.appendingPathComponent("out.gbk")
        try Data(text.utf8).write(to: input)
        _ = try runChecked("iconv", ["-f", "UTF-8", "-t", "GBK", "-o", output.path, input.path])
        return Array(try Data(contentsOf: output))
    }

    static func fields() throws -> [[UInt8]] { try texts.map(gbk) }
}

extension Emulated {
    /// The Ambarella driver through libusb against emulated recorders of both variants (umockdev): log in,
    /// information, battery, clock, the switch; a wrong password refused and tried once; no password a clear
    /// error naming the key.
    @Suite struct AmbarellaRecorder {
        static let port = "1-1.4"
        static let zone = TimeZone(identifier: "Asia/Shanghai")!
        static let password = "135790"

        static func options(_ passwords: DevicePasswords = DevicePasswords(byDevice: ["A001240": password])) -> SessionOptions {
            SessionOptions(zone: zone, passwords: passwords)
        }

        /// The dock with `recorder` in bay port 1-1.4; on its switch it leaves and a USB disk comes at the port.
        func withRecorder<T>(_ recorder: EmulatedAmbarellaRecorder, _ body: (EmulatedUSB) throws -> T) throws -> T {
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture)
            try bed.add(records: EmulatedAmbarellaRecorder.records(at: Self.port, devnum: 20, variant: recorder.variant, serial: recorder.serial),
                        responders: [Self.port: recorder])
            // Weakly: the testbed holds the recorder, and must go at the end of the test for the next one.
            recorder.onSwitch { [weak bed] in
                try? bed?.unplug(Self.port)
                try? bed?.add(records: Docking.massStorageRecords(port: Self.port, devnum: 21, disk: "sdc"))
            }
            return try withExtendedLifetime(bed) { try body(bed) }
        }

        /// Whether the device at the port is now the USB disk (0781:5567), as the test's libusb sees it.
        func diskAppeared() -> Bool {
            eventually {
                guard let context = try? USBContext(), let devices = try? context.devices() else { return false }
                return devices.contains { $0.portPath == Self.port && $0.vendorID == 0x0781 }
            }
        }

        func digits(_ v: Int, _ width: Int) -> String {
            String(repeating: "0", count: max(0, width - String(v).count)) + String(v)
        }

        @Test func theASCIIVariantLogsInReadsItsInformationAndBatterySetsTheClockAndSwitches() throws {
            let recorder = EmulatedAmbarellaRecorder(variant: .ascii, serial: "A001240", deviceID: "DSJA001240",
                                                     password: Self.password, info: try RecorderInfo.fields(), battery: 83)
            try withRecorder(recorder) { _ in
                let session = try BuiltInDrivers.openSession(.usb(portPath: Self.port), Self.options())
                let recorderSession = try #require(session as? AmbarellaSession)
                #expect(session.driverName == "ambarella" && recorderSession.variant == .ascii)
                #expect(session.supported.names == ["identify", "read_info", "set_clock", "battery", "switch_to_mass_storage"])
                #expect(session.identity.serial == "DSJA001240" && session.label == "recorder:\(Self.port)")
                #expect(try session.serial(naming: nil) == "DSJA001240")
                #expect(recorder.loginAttempts == 1)

                let info = try recorderSession.info()
                #expect(info == AmbarellaInfo(serial: "A001240", badge: "012345", officerName: "张三丰", unitNumber: "330106000000",
                                              unitName: "杭州市公安局西湖分局"))
                #expect(try session.condition() == DeviceCondition(batteryPercent: 83))

                // The clock is set to the gateway's local time in the zone, date and time from one instant.
                let before = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
                let written = try session.setClock()
                let after = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.up))
                let instant = try #require(written.instant(in: Self.zone))
                #expect(before <= instant && instant <= after, "\(written) not between \(before) and \(after)")
                #expect(recorder.clockSets == [EmulatedAmbarellaRecorder.ClockSet(
                    date: digits(written.year, 4) + digits(written.month, 2) + digits(written.day, 2),
                    time: digits(written.hour, 2) + digits(written.minute, 2) + digits(written.second, 2) + "00")])
                let refusal = try #require(sessionRefusal { _ = try session.readClock() })
                #expect(refusal.code == .unsupported)

                try session.switchToMassStorage()
                #expect(recorder.switched && diskAppeared())
                #expect(recorder.commands == ["Ver", "Gdv", "Gzf", "Bat", "Sdt", "Stm", "ATH"])
                #expect(recorder.loginAttempts == 1)
            }
        }

        @Test func theControlVariantLogsInAndSwitchesAndRefusesTheRestClearly() throws {
            let recorder = EmulatedAmbarellaRecorder(variant: .control, serial: "A001240", password: Self.password)
            try withRecorder(recorder) { _ in
                let session = try BuiltInDrivers.openSession(.usb(portPath: Self.port), Self.options())
                let recorderSession = try #require(session as? AmbarellaSession)
                #expect(recorderSession.variant == .control)
                #expect(session.supported.names == ["identify", "switch_to_mass_storage"])
                #expect(session.identity.serial == "A001240")
                #expect(throws: AmbarellaError.self) { try recorderSession.info() }
                #expect(throws: AmbarellaError.self) { try session.setClock() }
                #expect(throws: AmbarellaError.self) { try session.condition() }
                try session.switchToMassStorage()
                #expect(recorder.switched && diskAppeared())
                #expect(recorder.commands == ["login", "disk"] && recorder.loginAttempts == 1 && recorder.clockSets.isEmpty)
            }
        }

        /// A wrong password: the login is refused, tried once only (recorders lock out), the error says so and
        /// holds neither password; the recorder is not switched.
        @Test(arguments: [EmulatedAmbarellaRecorder.Variant.ascii, .control])
        func aWrongPasswordIsRefusedAndTriedOnce(variant: EmulatedAmbarellaRecorder.Variant) throws {
            let recorder = EmulatedAmbarellaRecorder(variant: variant, serial: "A001240", password: Self.password)
            try withRecorder(recorder) { _ in
                let wrong = "246801"
                var refused: AmbarellaError?
                do {
                    _ = try BuiltInDrivers.openSession(.usb(portPath: Self.port), Self.options(DevicePasswords(byDevice: ["A001240": wrong])))
                } catch let error as AmbarellaError {
                    refused = error
                }
                let error = try #require(refused)
                #expect(error.code == .loginRefused && error.device == "A001240")
                #expect(error.description.contains("refused the password"))
                #expect(!"\(error)".contains(wrong) && !"\(error)".contains(Self.password) && !String(reflecting: error).contains(wrong))
                #expect(recorder.loginAttempts == 1 && !recorder.switched)
            }
        }

        /// The device's own password wins over its model's; without either, a clear error naming both keys,
        /// and nothing is sent to the recorder.
        @Test func theDevicesPasswordWinsAndNoneIsAnErrorNamingTheKey() throws {
            let recorder = EmulatedAmbarellaRecorder(variant: .ascii, serial: "A001240", password: Self.password)
            try withRecorder(recorder) { _ in
                var missing: AmbarellaError?
                do {
                    _ = try BuiltInDrivers.openSession(.usb(portPath: Self.port),
                                                       Self.options(DevicePasswords(byDevice: ["A009999": Self.password])))
                } catch let error as AmbarellaError {
                    missing = error
                }
                let error = try #require(missing)
                #expect(error.code == .noPassword)
                #expect(error.message.contains(#"device_passwords.devices."A001240" or device_passwords.models."4255:0001""#), "\(error)")
                #expect(!error.message.contains(Self.password))
                #expect(recorder.commands.isEmpty && recorder.loginAttempts == 0)

                let passwords = DevicePasswords(byModel: ["4255:0001": "000000"], byDevice: ["A001240": Self.password])
                #expect(!"\(passwords)".contains(Self.password) && !String(reflecting: passwords).contains(Self.password))
                let session = try BuiltInDrivers.openSession(.usb(portPath: Self.port), Self.options(passwords))
                #expect(session.identity.serial == "A001240" && recorder.loginAttempts == 1)
            }
        }

        /// A recorder that answers the login with an error other than the password's is already in storage mode:
        /// said so, and counted as no login attempt.
        @Test func aRecorderAlreadyInStorageModeSaysSo() throws {
            let recorder = EmulatedAmbarellaRecorder(variant: .ascii, serial: "A001240", password: Self.password, inStorageMode: true)
            try withRecorder(recorder) { _ in
                var found: AmbarellaError?
                do { _ = try BuiltInDrivers.openSession(.usb(portPath: Self.port), Self.options()) } catch let error as AmbarellaError {
                    found = error
                }
                #expect(found?.code == .alreadyInStorageMode && found?.operation == "Gdv", "\(String(describing: found))")
                #expect(recorder.commands == ["Ver", "Gdv"] && recorder.loginAttempts == 0)
            }
        }

        /// A recorder of the ASCII variant that does not know the information and battery commands: each is a
        /// clear error; login, clock and switch still work.
        @Test func aRecorderThatDoesNotKnowTheInformationCommandSaysSo() throws {
            let recorder = EmulatedAmbarellaRecorder(variant: .ascii, serial: "A001240", password: Self.password, knowsInfo: false)
            try withRecorder(recorder) { _ in
                let session = try #require(try BuiltInDrivers.openSession(.usb(portPath: Self.port), Self.options()) as? AmbarellaSession)
                var unknown: AmbarellaError?
                do { _ = try session.info() } catch let error as AmbarellaError { unknown = error }
                #expect(unknown?.code == .unknownCommand && unknown?.operation == "Gzf", "\(String(describing: unknown))")
                #expect(throws: AmbarellaError.self) { try session.condition() }
                try session.setClock()
                try session.switchToMassStorage()
                #expect(recorder.clockSets.count == 1 && recorder.switched)
            }
        }
    }
}
