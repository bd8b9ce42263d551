import Foundation
import HubDriver
import Testing
import TestSupport
import USB
import USBEmulation

@Suite struct SysfsAttributeErrors {
    @Test func aFailedWriteNamesTheFileAndTheErrno() throws {
        let missing = SysfsAttribute(path: "/nonexistent/1-1:1.0/1-1-port2/disable")
        let error = try #require(throws: FileError.self) { try missing.write("1") }
        #expect(error == FileError("open", path: missing.path, errno: ENOENT))
        #expect(error.description == "cannot open \(missing.path): No such file or directory (errno \(ENOENT))")
        #expect(!missing.exists && !missing.isWritable)

        let folder = try TempDirectory()
        let notAFile = SysfsAttribute(path: folder.url.path)
        #expect(throws: FileError("open", path: folder.url.path, errno: EISDIR)) { try notAFile.write("1") }
    }

    @Test func readAndWriteAnAttribute() throws {
        let folder = try TempDirectory()
        let attribute = SysfsAttribute(path: folder.path("disable").path)
        #expect(FileManager.default.createFile(atPath: attribute.path, contents: Data("0\n".utf8)))
        #expect(try attribute.read() == "0")
        try attribute.write("1")
        #expect(try String(contentsOfFile: attribute.path, encoding: .utf8) == "1\n")
    }
}

extension Emulated {
    /// Port power through the port's sysfs `disable` attribute where the kernel has it, else the class request.
    @Suite struct PortPower {
        let upper = EmulatedHub(portCount: 5)
        let lower = EmulatedHub(portCount: 4)
        var responders: [String: any USBResponder] { ["1-1": upper, "1-1.5": lower] }

        static let clearPortPower3 = SetupPacket(requestType: 0x23, request: 1, value: 8, index: 3, length: 0)
        static let setPortPower3 = SetupPacket(requestType: 0x23, request: 3, value: 8, index: 3, length: 0)

        func disableFile(_ bed: EmulatedUSB, hub: String, port: Int) throws -> String {
            let text = try String(contentsOfFile: bed.testbedPath("/sys/bus/usb/devices/\(hub):1.0/\(hub)-port\(port)/disable"),
                                  encoding: .utf8)
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        @Test func theSysfsAttributeSwitchesThePortAndTheStatusFollows() throws {
            try Dock.with(responders: responders) { bed, context in
                let hub = try Hub(opening: try context.devices().at("1-1.5"))
                #expect(hub.disableAttribute(port: 3).path == "/sys/bus/usb/devices/1-1.5:1.0/1-1.5-port3/disable")

                let off = try hub.switchPower(port: 3, on: false)
                #expect(off == PortSwitch(hub: "1-1.5", port: 3, on: false, method: .sysfs,
                                          file: "/sys/bus/usb/devices/1-1.5:1.0/1-1.5-port3/disable"))
                #expect(try disableFile(bed, hub: "1-1.5", port: 3) == "1")
                let status = try hub.status(port: 3)
                #expect(!status.isPowered && !status.isConnected && status.connectionChanged)
                #expect(try hub.status(port: 2).isPowered)
                // The kernel did it, not a class request from us.
                #expect(!lower.controlRequests.contains(Self.clearPortPower3))

                let on = try hub.switchPower(port: 3, on: true)
                #expect(on.method == .sysfs && on.on)
                #expect(try disableFile(bed, hub: "1-1.5", port: 3) == "0")
                #expect(try hub.status(port: 3).isPowered && hub.status(port: 3).isConnected)
                #expect(!lower.controlRequests.contains(Self.setPortPower3))
            }
        }

        @Test func withoutTheAttributeTheClassRequestIsUsed() throws {
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture, responders: responders, portDisable: false)
            try withExtendedLifetime(bed) {
                let context = try USBContext()
                let hub = try Hub(opening: try context.devices().at("1-1.5"))
                #expect(!hub.disableAttribute(port: 3).exists)
                let off = try hub.switchPower(port: 3, on: false)
                #expect(off == PortSwitch(hub: "1-1.5", port: 3, on: false, method: .hubRequest, file: nil))
                #expect(lower.controlRequests.contains(Self.clearPortPower3))
                #expect(!(try hub.status(port: 3).isPowered))
                #expect(try hub.switchPower(port: 3, on: true).method == .hubRequest)
                #expect(lower.controlRequests.contains(Self.setPortPower3))
                #expect(try hub.status(port: 3).isPowered)
            }
        }

        @Test func aClassRequestKeepsTheAttributeInStep() throws {
            try Dock.with(responders: responders) { bed, context in
                let hub = try Hub(opening: try context.devices().at("1-1"))
                try hub.setPower(port: 4, on: false)
                #expect(try disableFile(bed, hub: "1-1", port: 4) == "1")
                try hub.setPower(port: 4, on: true)
                #expect(try disableFile(bed, hub: "1-1", port: 4) == "0")
            }
        }

        @Test func aWriteByAnyoneSwitchesThePort() throws {
            try Dock.with(responders: responders) { bed, _ in
                // As `echo 1 > …/disable` would, without any request to the hub.
                let path = bed.testbedPath("/sys/bus/usb/devices/1-1:1.0/1-1-port1/disable")
                try Data("1\n".utf8).write(to: URL(fileURLWithPath: path))
                #expect(eventually { !upper.isPowered(1) })
                #expect(upper.portStatus(1).status & 0x0100 == 0)
            }
        }

        @Test func aGangedHubIsRefusedBeforeAnyWrite() throws {
            let ganged = EmulatedHub(portCount: 4, powerSwitching: .ganged)
            try Dock.with(responders: ["1-1": upper, "1-1.5": ganged]) { bed, context in
                let hub = try Hub(opening: try context.devices().at("1-1.5"))
                #expect(throws: HubError.noPerPortPowerSwitching(.ganged)) { try hub.switchPower(port: 1, on: false) }
                #expect(try disableFile(bed, hub: "1-1.5", port: 1) == "0")
                #expect((1...4).allSatisfy { ganged.isPowered($0) })
            }
        }
    }
}
