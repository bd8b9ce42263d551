import Foundation
import HubDriver
import Testing
import TestSupport
import USB
import USBEmulation

extension Emulated {
    /// A port switched off disconnects the device behind it; switched on, the device enumerates again.
    @Suite struct PowerAndPresence {
        let upper = EmulatedHub(portCount: 5)
        let lower = EmulatedHub(portCount: 4)
        let recorder = EmulatedEchoDevice(strings: [3: "A001234"], loopback: [0x02: 0x81])
        var responders: [String: any USBResponder] { ["1-1": upper, "1-1.5": lower, "1-1.2": recorder] }

        func paths(_ context: USBContext) throws -> Set<String> { Set(try context.devices().map(\.portPath)) }

        /// Through sysfs `disable` (a kernel ≥ 6.0) and through the class request (an older one).
        @Test(arguments: [true, false])
        func offRemovesTheDeviceAndOnBringsItBack(portDisable: Bool) async throws {
            try await Dock.withAsync(responders: responders, portDisable: portDisable) { bed, context in
                let log = try HotplugLog(context)
                let hub = try Hub(opening: try context.devices().at("1-1"))

                #expect(try hub.switchPower(port: 2, on: false).method == (portDisable ? .sysfs : .hubRequest))
                #expect(await log.wait(for: [.left("1-1.2")]))
                #expect(!bed.isPresent("1-1.2"))
                #expect(try await waitUntil { try !paths(context).contains("1-1.2") })
                #expect(!(try hub.status(port: 2).isConnected))

                try hub.switchPower(port: 2, on: true)
                #expect(await log.wait(for: [.left("1-1.2"), .arrived("1-1.2")]))
                #expect(try await waitUntil { try paths(context).contains("1-1.2") })
                let back = try context.devices().at("1-1.2")
                #expect(back.sysfsAttribute("serial") == "A001234")
                #expect(try hub.status(port: 2).isConnected)
                // The device answers again, through a new handle.
                let handle = try back.open()
                #expect(try handle.stringDescriptor(3) == "A001234")
                await log.stop()
                // Nothing else came or went.
                #expect(log.seen == [.left("1-1.2"), .arrived("1-1.2")])
            }
        }

        @Test func anEmptyPortComesAndGoesWithoutEvents() async throws {
            try await Dock.withAsync(responders: responders) { _, context in
                let log = try HotplugLog(context)
                let hub = try Hub(opening: try context.devices().at("1-1"))
                try hub.switchPower(port: 3, on: false)
                try hub.switchPower(port: 3, on: true)
                // A port with a device, switched after the empty one: its events come after any the empty one made.
                try hub.switchPower(port: 2, on: false)
                #expect(await log.wait(for: [.left("1-1.2")]))
                await log.stop()
                #expect(log.seen == [.left("1-1.2")])
            }
        }

        @Test func aHubsPortTakesEverythingBehindIt() async throws {
            try await Dock.withAsync(responders: responders) { bed, context in
                let log = try HotplugLog(context)
                let hub = try Hub(opening: try context.devices().at("1-1"))
                try hub.switchPower(port: 5, on: false)
                #expect(try await waitUntil { try !paths(context).contains("1-1.5") && !paths(context).contains("1-1.5.3") })
                #expect(!bed.isPresent("1-1.5") && !bed.isPresent("1-1.5.3"))
                #expect(bed.isPresent("1-1.2"))
                try hub.switchPower(port: 5, on: true)
                // The camera leaves before its hub and comes back after it, as the kernel orders them.
                #expect(await log.wait(for: [.left("1-1.5.3"), .left("1-1.5"), .arrived("1-1.5"), .arrived("1-1.5.3")]))
                #expect(try await waitUntil { try paths(context).isSuperset(of: ["1-1.5", "1-1.5.3"]) })
                await log.stop()
            }
        }

        @Test func aDevicePluggedIntoAnUnpoweredPortAppearsWhenPowered() async throws {
            try await Dock.withAsync(responders: responders) { bed, context in
                let hub = try Hub(opening: try context.devices().at("1-1"))
                try hub.switchPower(port: 4, on: false)
                // The emulator sees a sysfs write through inotify or at the hub's next request: read the
                // port back first, so the device is plugged into a port known to be off.
                #expect(!(try hub.status(port: 4).isPowered))
                try bed.add(records: try recorderRecord(at: "1-1.4", address: 7, serial: "A001237"))
                #expect(!bed.isPresent("1-1.4"))
                let off = try hub.status(port: 4)
                #expect(!off.isConnected && !off.isPowered)
                let log = try HotplugLog(context)
                try hub.switchPower(port: 4, on: true)
                #expect(await log.wait(for: [.arrived("1-1.4")]))
                #expect(try hub.status(port: 4).isConnected)
                await log.stop()
            }
        }

        @Test func poweredOffDuringATransfer() async throws {
            try await Dock.withAsync(responders: responders) { bed, context in
                let device = try context.devices().at("1-1.2")
                let hubDevice = try context.devices().at("1-1")
                let handle = try device.open()
                let switchedOff = Task {
                    // Once the read is pending in the emulator, the port goes off under it.
                    let pending = await waitUntil { bed.pendingTransfers("1-1.2") > 0 }
                    let hub = try Hub(opening: hubDevice)
                    _ = try hub.switchPower(port: 2, on: false)
                    return pending
                }
                // A minute: a read that ended by timing out would say .timeout, not .noDevice.
                await #expect(throws: USBError(.noDevice, call: "libusb_submit_transfer(bulk)")) {
                    try await handle.bulkIn(endpoint: 0x81, length: 64, timeout: .seconds(60))
                }
                #expect(try await switchedOff.value, "the port went off while the read was pending")
                let hub = try Hub(opening: hubDevice)
                try hub.switchPower(port: 2, on: true)
                // The kernel acts on the write at once; the emulator sees it through inotify.
                #expect(await waitUntil { bed.isPresent("1-1.2") })
                // The old handle stays dead after the device is back, as an open file of a disconnected device.
                let error = await #expect(throws: USBError.self) { try await handle.bulkOut(endpoint: 0x02, data: [1]) }
                #expect(error?.code == .noDevice)
            }
        }
    }
}
