import Foundation
import Testing
import USB
import USBEmulation

extension Emulated {
    @Suite struct Transfers {
        let recorder = EmulatedEchoDevice(
            strings: [1: "Ambarella", 2: "DSJ-A8 Recorder", 3: "A001234"], loopback: [0x02: 0x81])

        @Test func bulkOutThenInEchoes() throws {
            try Dock.with(responders: ["1-1.2": recorder]) { _, context in
                let handle = try context.devices().at("1-1.2").open()
                try handle.claimInterface(0)
                let payload = Array((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
                #expect(try handle.bulkOut(endpoint: 0x02, data: payload) == 1000)
                #expect(try handle.bulkIn(endpoint: 0x81, length: 4096) == payload)
                #expect(recorder.received.map(\.endpoint) == [0x02])
                try handle.releaseInterface(0)
            }
        }

        @Test func inTransfersAreCutToWhatTheHostAsked() throws {
            recorder.queue([1, 2, 3, 4, 5, 6], on: 0x81)
            try Dock.with(responders: ["1-1.2": recorder]) { _, context in
                let handle = try context.devices().at("1-1.2").open()
                #expect(try handle.bulkIn(endpoint: 0x81, length: 4) == [1, 2, 3, 4])
            }
        }

        @Test func interruptTransfers() throws {
            try Dock.with(responders: ["1-1.2": recorder]) { _, context in
                let handle = try context.devices().at("1-1.2").open()
                #expect(try handle.interruptOut(endpoint: 0x02, data: [9, 8]) == 2)
                #expect(try handle.interruptIn(endpoint: 0x81, length: 8) == [9, 8])
            }
        }

        @Test func controlTransfersCarryTheSetupPacket() throws {
            try Dock.with(responders: ["1-1.2": recorder]) { _, context in
                let handle = try context.devices().at("1-1.2").open()
                #expect(try handle.controlOut(requestType: 0x41, request: 0x10, value: 0x1234, index: 0x0002, data: [0xAA]) == 1)
                #expect(recorder.controlRequests.last == SetupPacket(
                    requestType: 0x41, request: 0x10, value: 0x1234, index: 0x0002, length: 1))
                #expect(try handle.stringDescriptor(3) == "A001234")
                #expect(try handle.languages() == [0x0409])
            }
        }

        @Test func aStallIsAPipeError() throws {
            recorder.setFault(.stall, endpoint: 0x81)
            try Dock.with(responders: ["1-1.2": recorder]) { _, context in
                let handle = try context.devices().at("1-1.2").open()
                #expect(throws: USBError(.pipe, call: "libusb_bulk_transfer")) {
                    try handle.bulkIn(endpoint: 0x81, length: 64)
                }
                // A vendor request the device does not know stalls endpoint 0.
                #expect(throws: USBError(.pipe, call: "libusb_control_transfer")) {
                    try handle.controlIn(requestType: 0xC0, request: 0x55, value: 0, index: 0, length: 4)
                }
            }
        }

        @Test func anUnansweredTransferTimesOut() throws {
            try Dock.with(responders: ["1-1.2": recorder]) { _, context in
                let handle = try context.devices().at("1-1.2").open()
                #expect(throws: USBError(.timeout, call: "libusb_bulk_transfer")) {
                    try handle.bulkIn(endpoint: 0x81, length: 64, timeout: .milliseconds(50))
                }
                // The discarded URB is gone: the next transfer works.
                #expect(try handle.bulkOut(endpoint: 0x02, data: [1]) == 1)
                #expect(try handle.bulkIn(endpoint: 0x81, length: 64) == [1])
            }
        }

        @Test func aVanishedDeviceIsAnError() throws {
            try Dock.with(responders: ["1-1.2": recorder]) { bed, context in
                let handle = try context.devices().at("1-1.2").open()
                recorder.setFault(.vanish, endpoint: 0x81)
                #expect(throws: USBError(.noDevice, call: "libusb_bulk_transfer")) {
                    try handle.bulkIn(endpoint: 0x81, length: 64)
                }
                try bed.unplug("1-1.2")
                #expect(throws: USBError(.noDevice, call: "libusb_bulk_transfer")) {
                    try handle.bulkOut(endpoint: 0x02, data: [1])
                }
            }
        }

        @Test func noKernelDriverToDetach() throws {
            try Dock.with(responders: ["1-1.2": recorder]) { _, context in
                let handle = try context.devices().at("1-1.2").open()
                #expect(try handle.isKernelDriverActive(interface: 0) == false)
                #expect(throws: USBError(.notFound, call: "libusb_detach_kernel_driver")) {
                    try handle.detachKernelDriver(interface: 0)
                }
            }
        }

        @Test func everyLibusbCodeHasAName() {
            for code in USBError.Code.allCases {
                #expect(USBError(code, call: "x").name.hasPrefix("LIBUSB_ERROR_"))
            }
            #expect(USBError(rawCode: -1234, call: "f").code == .other)
            #expect(USBError(.pipe, call: "libusb_bulk_transfer").description == "libusb_bulk_transfer: LIBUSB_ERROR_PIPE")
        }
    }
}

extension Emulated {
    @Suite struct Unplugging {
        @Test func pulledOutDuringATransfer() throws {
            let recorder = EmulatedEchoDevice(loopback: [0x02: 0x81])
            try Dock.with(responders: ["1-1.2": recorder]) { bed, context in
                let handle = try context.devices().at("1-1.2").open()
                // Nothing queued: the read waits until the device goes away.
                let pulled = pullDuringTransfer(bed, "1-1.2")
                // A read that ended by running out its minute would say .timeout: .noDevice means the pull ended it.
                #expect(throws: USBError(.noDevice, call: "libusb_bulk_transfer")) {
                    try handle.bulkIn(endpoint: 0x81, length: 64, timeout: .seconds(60))
                }
                #expect(pulled(), "the device was pulled while the read was pending")
                // The handle stays usable for nothing: every transfer now fails the same way.
                #expect(throws: USBError(.noDevice, call: "libusb_bulk_transfer")) {
                    try handle.bulkOut(endpoint: 0x02, data: [1])
                }
            }
        }

        @Test func aRemovedDeviceLeavesTheList() throws {
            try Dock.with { bed, context in
                #expect(try context.devices().contains { $0.portPath == "1-1.5.3" })
                try bed.unplug("1-1.5.3")
                // libusb learns of the removal on its udev thread.
                #expect(try eventually { try !context.devices().contains { $0.portPath == "1-1.5.3" } })
                #expect(try context.devices().map(\.portPath).sorted() == ["1-1", "1-1.2", "1-1.5", "usb1"])
            }
        }
    }
}
