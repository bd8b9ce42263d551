import HubDriver
import Testing
import USB
import USBEmulation

@Suite struct HubBitLayouts {
    @Test func portStatusBitsFollowTheSpec() throws {
        // wPortStatus 0x0503: connection, enable, power (0x0100), high speed (0x0400); wPortChange 0x0001.
        let status = try #require(PortStatus([0x03, 0x05, 0x01, 0x00]))
        #expect(status.isConnected && status.isEnabled && status.isPowered && status.connectionChanged)
        #expect(!status.isOverCurrent && !status.isSuspended && !status.isResetting)
        #expect(status.speed == "high")
        #expect(PortStatus([0x08, 0x00, 0, 0])?.isOverCurrent == true)
        #expect(PortStatus([0x00, 0x01, 0, 0])?.isPowered == true)
        // USB 3 ports put power at 0x0200, where USB 2 reports a low-speed device.
        #expect(PortStatus([0x00, 0x02, 0, 0], isUSB3: true)?.isPowered == true)
        #expect(PortStatus([0x00, 0x01, 0, 0], isUSB3: true)?.isPowered == false)
        #expect(PortStatus([0x01, 0x03, 0, 0])?.speed == "low")
        #expect(PortStatus([0x01, 0x02]) == nil)
    }

    @Test func descriptorCharacteristics() throws {
        let perPort = try #require(HubDescriptor([9, 0x29, 4, 0x01, 0x00, 50, 100, 0b0000_0100, 0xFF]))
        #expect(perPort.portCount == 4 && perPort.powerSwitching == .perPort)
        #expect(perPort.nonRemovablePorts == [2])
        #expect(HubDescriptor([9, 0x29, 4, 0x00, 0, 50, 100, 0, 0xFF])?.powerSwitching == .ganged)
        #expect(HubDescriptor([9, 0x29, 4, 0x02, 0, 50, 100, 0, 0xFF])?.powerSwitching == HubDescriptor.PowerSwitching.none)
        #expect(HubDescriptor([9, 0x29, 4, 0x03, 0, 50, 100, 0, 0xFF])?.powerSwitching == HubDescriptor.PowerSwitching.none)
        #expect(HubDescriptor([9, 0x02, 4, 0x01, 0, 50, 100, 0, 0xFF]) == nil)
    }
}

extension Emulated {
    /// The dock: hub 1-1 (bays 1–4 on ports 1–4, hub 1-1.5 on port 5) and hub 1-1.5 (bays 5–8).
    @Suite struct Docks {
        let upper = EmulatedHub(portCount: 5, attached: [2, 5])
        let lower = EmulatedHub(portCount: 4, attached: [3])

        var responders: [String: any USBResponder] { ["1-1": upper, "1-1.5": lower] }

        @Test func eightBaysOnTwoChainedHubs() throws {
            try Dock.with(responders: responders) { _, context in
                let devices = try context.devices()
                var bays: [String] = []
                for path in ["1-1", "1-1.5"] {
                    let hubDevice = try devices.at(path)
                    let hub = try Hub(opening: hubDevice)
                    #expect(hub.descriptor.powerSwitching == .perPort)
                    let downstream = Set(devices.filter { $0.parent?.portPath == path && $0.isHub }.compactMap(\.portNumbers.last))
                    for port in 1...hub.portCount where !downstream.contains(port) {
                        bays.append("\(path).\(port)")
                    }
                }
                #expect(bays == ["1-1.1", "1-1.2", "1-1.3", "1-1.4", "1-1.5.1", "1-1.5.2", "1-1.5.3", "1-1.5.4"])
            }
        }

        @Test func portStatusShowsWhatIsPlugged() throws {
            try Dock.with(responders: responders) { _, context in
                let hub = try Hub(opening: try context.devices().at("1-1.5"))
                let statuses = try hub.statuses()
                #expect(statuses.map(\.isConnected) == [false, false, true, false])
                #expect(statuses.allSatisfy { $0.isPowered })
                #expect(statuses[2].isEnabled && statuses[2].speed == "high")
                #expect(throws: HubError.noSuchPort(5, portCount: 4)) { try hub.status(port: 5) }
            }
        }

        @Test func powerOffAndOnChangesThePortStatus() throws {
            try Dock.with(responders: responders) { _, context in
                let hub = try Hub(opening: try context.devices().at("1-1"))
                try hub.setPower(port: 2, on: false)
                let off = try hub.status(port: 2)
                #expect(!off.isPowered && !off.isConnected && off.connectionChanged)
                #expect(upper.portStatus(2).status == 0)
                #expect(try hub.status(port: 1).isPowered)  // per-port: the neighbour keeps power

                try hub.acknowledgeConnectionChange(port: 2)
                try hub.setPower(port: 2, on: true)
                let on = try hub.status(port: 2)
                #expect(on.isPowered && on.isConnected && on.connectionChanged)
                #expect(upper.controlRequests.contains {
                    $0 == SetupPacket(requestType: 0x23, request: 1, value: 8, index: 2, length: 0)
                })
                #expect(upper.controlRequests.contains {
                    $0 == SetupPacket(requestType: 0x23, request: 3, value: 8, index: 2, length: 0)
                })
            }
        }

        @Test func aGangedHubRefusesPerPortSwitching() throws {
            let ganged = EmulatedHub(portCount: 4, powerSwitching: .ganged)
            try Dock.with(responders: ["1-1": upper, "1-1.5": ganged]) { _, context in
                let hub = try Hub(opening: try context.devices().at("1-1.5"))
                #expect(throws: HubError.noPerPortPowerSwitching(.ganged)) { try hub.setPower(port: 1, on: false) }
                #expect(try hub.status(port: 1).isPowered)
            }
        }

        @Test func aDeviceIsNotAHub() throws {
            _ = try Dock.with { _, context in
                #expect(throws: HubError.notAHub(portPath: "1-1.2")) { _ = try Hub(opening: try context.devices().at("1-1.2")) }
            }
        }
    }
}
