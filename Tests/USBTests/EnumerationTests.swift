import Testing
import USB
import USBEmulation

extension Emulated {
    @Suite struct Enumeration {
        @Test func seesTheDockWithPortPathsAndParents() throws {
            try Dock.with { _, context in
                let devices = try context.devices()
                #expect(devices.map(\.portPath).sorted() == ["1-1", "1-1.2", "1-1.5", "1-1.5.3", "usb1"])
                let camera = try devices.at("1-1.5.3")
                #expect(camera.portNumbers == [1, 5, 3])
                #expect(camera.busNumber == 1 && camera.address == 5)
                #expect(camera.parent?.portPath == "1-1.5")
                #expect(camera.parent?.parent?.portPath == "1-1")
                #expect(camera.parent?.parent?.parent?.portPath == "usb1")
                #expect(try devices.at("usb1").parent == nil)
                #expect(camera.speed == .high)
            }
        }

        @Test func descriptorsAreValueTypes() throws {
            try Dock.with { _, context in
                let devices = try context.devices()
                let recorder = try devices.at("1-1.2")
                #expect(recorder.idString == "4255:0001")
                #expect(recorder.descriptor.usbVersion == 0x0200)
                #expect(recorder.descriptor.configurationCount == 1)
                let config = try recorder.activeConfiguration()
                #expect(config.value == 1)
                #expect(config.maxPower == 250)
                #expect(config.interfaces.count == 1)
                let interface = try #require(config.interfaces.first?.alternateSettings.first)
                #expect(interface.interfaceClass == USBClass.vendorSpecific)
                #expect(interface.endpoints.map(\.address) == [0x81, 0x02])
                #expect(interface.endpoints.allSatisfy { $0.transferType == .bulk && $0.maxPacketSize == 512 })
                #expect(interface.endpoints.map(\.isInput) == [true, false])

                let hub = try devices.at("1-1.5")
                #expect(hub.isHub)
                #expect(try hub.configuration(at: 0).interfaces.first?.alternateSettings.first?.endpoints.first?
                    .transferType == .interrupt)
                #expect(throws: USBError.self) { try hub.configuration(at: 3) }
            }
        }

        @Test func stringsComeFromSysfsWithoutOpening() throws {
            // The recorder's model would stall every request: the strings must come from sysfs.
            try Dock.with(responders: ["1-1.2": StallingDevice()]) { _, context in
                let recorder = try context.devices().at("1-1.2")
                let strings = try recorder.strings()
                #expect(strings == USBDeviceStrings(manufacturer: "Ambarella", product: "DSJ-A8 Recorder",
                                                    serialNumber: "A001234"))
            }
        }

        @Test func stringsFallBackToStringDescriptors() throws {
            let camera = EmulatedEchoDevice(strings: [1: "Canon Inc.", 2: "Canon Digital Camera", 3: "SN-7Ω42"])
            try Dock.with(responders: ["1-1.5.3": camera]) { _, context in
                let device = try context.devices().at("1-1.5.3")
                let strings = try device.strings()
                #expect(strings.manufacturer == "Canon Inc.")
                #expect(strings.product == "Canon Digital Camera")
                #expect(strings.serialNumber == "SN-7Ω42")
                #expect(camera.controlRequests.contains { $0.value == 0x0303 && $0.index == 0x0409 })
            }
        }
    }
}
