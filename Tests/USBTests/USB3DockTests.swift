import Foundation
import HubDriver
import Testing
import TestSupport
import USB
import USBEmulation

/// The USB 3 dock fixture: one 4-port USB 3 hub, enumerated as 1-1 (USB 2 half, bus 1) and 2-1 (USB 3 half,
/// bus 2), a recorder on the USB 2 half's port 2 and a SuperSpeed card reader on the USB 3 half's port 3.
enum USB3Dock {
    static let fixture = PackageRoot.url.appendingPathComponent("fixtures/usb/dock-usb3.umockdev").path
    /// Both halves announce it in their BOS descriptors.
    static let containerID: [UInt8] = [0x5c, 0x2e, 0x41, 0x8a, 0x93, 0x0b, 0x4f, 0x6d,
                                       0xa1, 0x27, 0x3e, 0x88, 0x10, 0xc4, 0x7d, 0x02]

    /// The two halves' models, with the devices the fixture plugs in.
    static func halves(containerID: [UInt8]? = USB3Dock.containerID) -> (usb2: EmulatedHub, usb3: EmulatedHub) {
        (EmulatedHub(portCount: 4, generation: .usb2, containerID: containerID),
         EmulatedHub(portCount: 4, generation: .usb3, containerID: containerID))
    }

    /// Bays 1–4 on the USB 2 half's ports, as `docks --learn` writes them.
    static let bays = BayConfiguration(bays: (1...4).map { BayConfiguration.Bay(number: $0, label: "U\($0)", portPath: "1-1.\($0)") })
}

extension Emulated {
    @Suite struct USB3Docks {
        let halves = USB3Dock.halves()
        var responders: [String: any USBResponder] { ["1-1": halves.usb2, "2-1": halves.usb3] }

        func withDock<T>(_ body: (EmulatedUSB, USBContext) throws -> T) throws -> T {
            let bed = try EmulatedUSB()
            try bed.add(file: USB3Dock.fixture, responders: responders)
            return try withExtendedLifetime(bed) {
                let context = try USBContext()
                return try withExtendedLifetime(context) { try body(bed, context) }
            }
        }

        @Test func theHalvesEnumerateOnTwoBuses() throws {
            try withDock { _, context in
                let devices = try context.devices()
                #expect(Set(devices.map(\.portPath)) == ["usb1", "usb2", "1-1", "2-1", "1-1.2", "2-1.3"])
                let usb2 = try devices.at("1-1")
                let usb3 = try devices.at("2-1")
                #expect(usb2.descriptor.usbVersion == 0x0210 && usb3.descriptor.usbVersion == 0x0300)
                #expect(usb3.speed == .superSpeed && usb2.speed == .high)
                #expect(try devices.at("2-1.3").parent?.portPath == "2-1")

                let hub2 = try Hub(opening: usb2)
                let hub3 = try Hub(opening: usb3)
                #expect(hub2.descriptor.descriptorType == 0x29 && !hub2.descriptor.isUSB3)
                #expect(hub3.descriptor.descriptorType == 0x2A && hub3.descriptor.isUSB3)
                #expect(hub2.portCount == 4 && hub3.portCount == 4)
                #expect(hub3.descriptor.powerSwitching == .perPort)
                // The reader is on the USB 3 half: connected there, not on the USB 2 half.
                let status3 = try hub3.status(port: 3)
                #expect(status3.isUSB3 && status3.isPowered && status3.isConnected && status3.isEnabled)
                #expect(status3.status & 0x0200 != 0 && status3.status & 0x0100 == 0)
                #expect(!(try hub2.status(port: 3).isConnected))
                #expect(try hub2.status(port: 2).isConnected)
            }
        }

        @Test func theBOSCarriesTheContainerID() throws {
            try withDock { _, context in
                let devices = try context.devices()
                let bos3 = try devices.at("2-1").open().bosDescriptor()
                #expect(bos3.capabilities.map(\.type) == [0x02, 0x03, 0x04])
                #expect(bos3.containerID?.bytes == USB3Dock.containerID)
                let bos2 = try devices.at("1-1").open().bosDescriptor()
                #expect(bos2.capabilities.map(\.type) == [0x02, 0x04])
                #expect(bos2.containerID == bos3.containerID)
                #expect(bos3.containerID?.description == "5c2e418a-930b-4f6d-a127-3e8810c47d02")
                // A USB 2.0 device has no BOS: it stalls, which is no container ID, not an error.
                #expect(try devices.at("1-1.2").open().containerID() == nil)
                #expect(throws: USBError(.pipe, call: "libusb_get_bos_descriptor")) {
                    try devices.at("1-1.2").open().bosDescriptor()
                }
            }
        }

        @Test func theHalvesArePairedAndPortsHaveCompanions() throws {
            try withDock { _, context in
                let topology = DockTopology(devices: try context.devices())
                #expect(topology.problems.isEmpty)
                #expect(topology.pairs.map { [$0.usb2.portPath, $0.usb3.portPath] } == [["1-1", "2-1"]])
                #expect(topology.pairs.first?.containerID.bytes == USB3Dock.containerID)
                #expect(topology.companion(of: "1-1.3") == "2-1.3")
                #expect(topology.companion(of: "2-1.1") == "1-1.1")
                #expect(topology.companion(of: "1-1.2.1") == nil)
                #expect(topology.bayPorts == ["1-1.1", "1-1.2", "1-1.3", "1-1.4"])
                #expect(USB3Dock.bays.bay(at: "2-1.3", companions: topology.companions)?.number == 3)
            }
        }

        @Test func hubsWithDifferentContainerIDsAreNotPaired() throws {
            let usb2 = EmulatedHub(portCount: 4, generation: .usb2, containerID: USB3Dock.containerID)
            let usb3 = EmulatedHub(portCount: 4, generation: .usb3, containerID: USB3Dock.containerID.reversed())
            let bed = try EmulatedUSB()
            try bed.add(file: USB3Dock.fixture, responders: ["1-1": usb2, "2-1": usb3])
            try withExtendedLifetime(bed) {
                let topology = DockTopology(devices: try USBContext().devices())
                #expect(topology.pairs.isEmpty)
                #expect(topology.companion(of: "1-1.3") == nil)
                #expect(topology.bayPorts.count == 8)
            }
        }

        @Test func poweringABayOffSwitchesBothHalves() async throws {
            try await Dock.withAsync(fixture: USB3Dock.fixture, responders: responders) { bed, context in
                let log = try HotplugLog(context)
                let devices = try context.devices()
                let topology = DockTopology(devices: devices)
                let bay3 = USB3Dock.bays.bays[2]

                let off = try BayPower.switchPower(bay3, on: false, devices: devices, topology: topology)
                // The USB 2 port goes first and the USB 3 port after, as the kernel orders peers.
                #expect(off.map(\.portPath) == ["1-1.3", "2-1.3"])
                #expect(off.allSatisfy { $0.method == .sysfs && !$0.on && $0.after?.isPowered == false })
                #expect(!halves.usb2.isPowered(3) && !halves.usb3.isPowered(3))
                #expect(halves.usb2.isPowered(2) && halves.usb3.isPowered(2))
                // Read back through libusb, each half in its own bit layout.
                #expect(!(try Hub(opening: try devices.at("1-1")).status(port: 3).isPowered))
                let status3 = try Hub(opening: try devices.at("2-1")).status(port: 3)
                #expect(!status3.isPowered && status3.status & 0x0200 == 0)
                #expect(await log.wait(for: [.left("2-1.3")]))
                #expect(!bed.isPresent("2-1.3"))

                let on = try BayPower.switchPower(bay3, on: true, devices: devices, topology: topology)
                #expect(on.map(\.portPath) == ["2-1.3", "1-1.3"])
                #expect(halves.usb2.isPowered(3) && halves.usb3.isPowered(3))
                #expect(await log.wait(for: [.left("2-1.3"), .arrived("2-1.3")]))
                await log.stop()
            }
        }

        @Test func aBayIsRefusedWholeWhenOneHalfCannotSwitch() throws {
            let usb3 = EmulatedHub(portCount: 4, powerSwitching: .ganged, generation: .usb3, containerID: USB3Dock.containerID)
            let bed = try EmulatedUSB()
            try bed.add(file: USB3Dock.fixture, responders: ["1-1": halves.usb2, "2-1": usb3])
            try withExtendedLifetime(bed) {
                let devices = try USBContext().devices()
                let topology = DockTopology(devices: devices)
                #expect(throws: HubError.noPerPortPowerSwitching(.ganged)) {
                    try BayPower.switchPower(USB3Dock.bays.bays[0], on: false, devices: devices, topology: topology)
                }
                // Neither half was touched.
                #expect(halves.usb2.isPowered(1) && usb3.isPowered(1))
            }
        }
    
        struct BayRow: Decodable {
            struct Device: Decodable { var port_path: String; var serial: String?; var bay: Int? }
            var bay: Int
            var port_path: String
            var companion_port_path: String?
            var power: String?
            var state: String
            var device: Device?
        }

        @Test func docksShowTheDeviceOnEitherHalfAndPowerSwitchesBoth() throws {
            let home = try TempDirectory()
            try USB3Dock.bays.write(to: home.path("bays.json").path)
            let binary = Emulated.DevicesCommand.binary
            try #require(FileManager.default.isExecutableFile(atPath: binary))
            try withDock { _, _ in
                let before = try run(binary, ["--home", home.url.path, "docks", "--json"])
                #expect(before.status == 0, "\(before.stderr)")
                let rows = try JSONDecoder().decode([BayRow].self, from: Data(before.stdout.utf8))
                #expect(rows.map(\.companion_port_path) == ["2-1.1", "2-1.2", "2-1.3", "2-1.4"])
                #expect(rows.map(\.device?.port_path) == [nil, "1-1.2", "2-1.3", nil])
                #expect(rows.map(\.state) == ["empty", "enabled", "enabled", "empty"])
                #expect(rows.allSatisfy { $0.power == "on" })
                #expect(rows[2].device?.serial == "000000001536")

                let off = try run(binary, ["--home", home.url.path, "dock", "power", "3", "off"])
                #expect(off.status == 0, "\(off.stderr)")
                #expect(off.stdout.split(separator: "\n").map { $0.split(separator: " ").prefix(4).joined(separator: " ") }
                        == ["bay 3: 1-1.3 off", "bay 3: 2-1.3 off"])
                #expect(!halves.usb2.isPowered(3) && !halves.usb3.isPowered(3))

                let after = try run(binary, ["--home", home.url.path, "docks", "--json"])
                let rowsAfter = try JSONDecoder().decode([BayRow].self, from: Data(after.stdout.utf8))
                #expect(rowsAfter[2].power == "off" && rowsAfter[2].state == "empty" && rowsAfter[2].device == nil)
                #expect(rowsAfter[1].power == "on" && rowsAfter[1].device?.port_path == "1-1.2")
            }
        }

        @Test func devicesNameTheBayOfADeviceOnEitherHalf() throws {
            struct Row: Decodable { var port_path: String; var bay: Int? }
            let home = try TempDirectory()
            try USB3Dock.bays.write(to: home.path("bays.json").path)
            let binary = Emulated.DevicesCommand.binary
            try #require(FileManager.default.isExecutableFile(atPath: binary))
            try withDock { _, _ in
                let result = try run(binary, ["--home", home.url.path, "devices", "--json"])
                #expect(result.status == 0, "\(result.stderr)")
                let rows = try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
                let bays = Dictionary(uniqueKeysWithValues: rows.map { ($0.port_path, $0.bay) })
                #expect(bays["1-1.2"] == 2, "a recorder on the USB 2 half's port 2")
                #expect(bays["2-1.3"] == 3, "the card reader on the USB 3 half's port 3, whose bay names 1-1.3")
                #expect(bays["1-1"] == .some(nil) && bays["2-1"] == .some(nil), "hubs are in no bay")
            }
        }

        @Test func aBayWithOneHalfOffIsPartial() throws {
            try withDock { _, context in
                let devices = try context.devices()
                try Hub(opening: try devices.at("2-1")).setPower(port: 4, on: false)
                let topology = DockTopology(devices: devices)
                let bays = DockSurvey.survey(USB3Dock.bays, devices: devices, topology: topology)
                #expect(bays.map(\.power) == [.on, .on, .on, .partial])
                #expect(bays[2].device?.portPath == "2-1.3" && bays[2].effectivePort?.isUSB3 == true)
                #expect(bays[1].device?.portPath == "1-1.2" && bays[1].effectivePort?.isUSB3 == false)
            }
        }
    }
}
