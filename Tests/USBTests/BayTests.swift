import Foundation
import HubDriver
import Testing
import USB
import USBEmulation

@Suite struct BayConfigurationTests {
    @Test func readsTheFileFormat() throws {
        let json = #"{"bays": [{"bay": 1, "label": "A1", "port_path": "1-1.1"}, {"bay": 8, "port_path": "1-1.5.4"}]}"#
        let config = try JSONDecoder().decode(BayConfiguration.self, from: Data(json.utf8))
        #expect(config.bays == [BayConfiguration.Bay(number: 1, label: "A1", portPath: "1-1.1"),
                                BayConfiguration.Bay(number: 8, portPath: "1-1.5.4")])
        #expect(config.bay(at: "1-1.5.4")?.number == 8)
    }

    @Test func hubAndPortOfABay() {
        let hubPort = BayConfiguration.Bay(number: 1, portPath: "1-1.5.4").hubPort
        #expect(hubPort?.hub == "1-1.5" && hubPort?.port == 4)
        let onRoot = BayConfiguration.Bay(number: 2, portPath: "3-2").hubPort
        #expect(onRoot?.hub == "usb3" && onRoot?.port == 2)
        #expect(BayConfiguration.Bay(number: 3, portPath: "usb1").hubPort == nil)
    }
}

extension Emulated {
    @Suite struct BaySurvey {
        /// The dock's eight bays: ports 1–4 of hub 1-1 and ports 1–4 of hub 1-1.5.
        static let eightBays = BayConfiguration(bays: (1...8).map { n in
            BayConfiguration.Bay(number: n, label: "B\(n)", portPath: n <= 4 ? "1-1.\(n)" : "1-1.5.\(n - 4)")
        })

        @Test func eachBayWithPowerAndTheDeviceInIt() throws {
            let upper = EmulatedHub(portCount: 5, attached: [2, 5])
            let lower = EmulatedHub(portCount: 4, attached: [3])
            try Dock.with(responders: ["1-1": upper, "1-1.5": lower]) { _, context in
                let hub = try Hub(opening: try context.devices().at("1-1.5"))
                try hub.setPower(port: 4, on: false)
                let bays = DockSurvey.survey(Self.eightBays, devices: try context.devices())
                #expect(bays.map(\.bay.number) == Array(1...8))
                #expect(bays.allSatisfy { $0.problem == nil })
                #expect(bays.map { $0.port?.isConnected } == [false, true, false, false, false, false, true, false])
                #expect(bays.map { $0.port?.isPowered } == [true, true, true, true, true, true, true, false])
                #expect(bays.map { $0.device?.idString } == [nil, "4255:0001", nil, nil, nil, nil, "04a9:31c0", nil])
            }
        }

        @Test func aMissingHubIsNamedForItsBays() throws {
            let config = BayConfiguration(bays: [BayConfiguration.Bay(number: 9, portPath: "1-2.1")])
            try Dock.with { _, context in
                let bays = DockSurvey.survey(config, devices: try context.devices())
                #expect(bays.first?.problem == .notAHub(portPath: "1-2"))
                #expect(bays.first?.port == nil)
            }
        }
    
        /// Each of the eight bays switched off and on in turn: exactly its own port changes, in the hub models and
        /// in what the survey reads back, and its device leaves and comes back.
        @Test func everyBaySwitchesOnlyItsOwnPort() throws {
            let upper = EmulatedHub(portCount: 5)
            let lower = EmulatedHub(portCount: 4)
            try Dock.with(responders: ["1-1": upper, "1-1.5": lower]) { bed, context in
                func powered() -> [Bool] { (1...4).map { upper.isPowered($0) } + (1...4).map { lower.isPowered($0) } }
                for bay in Self.eightBays.bays {
                    let devices = try context.devices()
                    let topology = DockTopology(devices: devices)
                    let off = try BayPower.switchPower(bay, on: false, devices: devices, topology: topology)
                    #expect(off.map(\.portPath) == [bay.portPath] && off[0].method == .sysfs)
                    #expect(powered() == (1...8).map { $0 != bay.number }, "bay \(bay.number)")
                    let survey = DockSurvey.survey(Self.eightBays, devices: devices)
                    #expect(survey.map(\.power) == (1...8).map { $0 == bay.number ? .off : .on }, "bay \(bay.number)")
                    #expect(upper.isPowered(5), "the chained hub keeps its power")
                    if bay.number == 2 || bay.number == 7 {
                        #expect(!bed.isPresent(bay.number == 2 ? "1-1.2" : "1-1.5.3"))
                    }
                    try BayPower.switchPower(bay, on: true, devices: devices, topology: topology)
                    #expect(powered().allSatisfy { $0 })
                }
                #expect(bed.isPresent("1-1.2") && bed.isPresent("1-1.5.3"))
            }
        }
    }
}
