import Evidence
import Foundation
import HubDriver
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// `recgate docks` and `recgate dock power` against the emulated dock, with bays in `<home>/bays.json`.
    @Suite struct DocksCommand {
        struct Bay: Decodable {
            struct Device: Decodable {
                var port_path: String
                var serial: String?
                var bay: Int?
                var kind: String?
                var model: String?
            }
            var bay: Int
            var label: String?
            var port_path: String
            var power: String?
            var state: String
            var device: Device?
        }

        let upper = EmulatedHub(portCount: 5, attached: [2, 5])
        let lower = EmulatedHub(portCount: 4, attached: [3])

        func home() throws -> TempDirectory {
            let home = try TempDirectory()
            let bays = (1...8).map { n in
                #"{"bay": \#(n), "label": "B\#(n)", "port_path": "\#(n <= 4 ? "1-1.\(n)" : "1-1.5.\(n - 4)")"}"#
            }
            try Data(#"{"bays": [\#(bays.joined(separator: ", "))]}"#.utf8).write(to: home.path("bays.json"))
            return home
        }

        func recgate(_ args: [String]) throws -> ProcessOutput {
            try #require(FileManager.default.isExecutableFile(atPath: Emulated.DevicesCommand.binary))
            return try run(Emulated.DevicesCommand.binary, args)
        }

        @Test func docksShowEveryBay() throws {
            let home = try home()
            let result = try Dock.with(responders: ["1-1": upper, "1-1.5": lower]) { _, _ in
                try recgate(["--home", home.url.path, "docks", "--json"])
            }
            #expect(result.status == 0, "\(result.stderr)")
            let bays = try JSONDecoder().decode([Bay].self, from: Data(result.stdout.utf8))
            #expect(bays.map(\.bay) == Array(1...8))
            #expect(bays.map(\.state) == ["empty", "enabled", "empty", "empty", "empty", "empty", "enabled", "empty"])
            #expect(bays.allSatisfy { $0.power == "on" })
            #expect(bays[1].device?.serial == "A001234" && bays[1].device?.bay == 2)
            #expect(bays[1].device?.kind == "recorder" && bays[1].device?.model == "Ambarella recorder (unbranded)")
            #expect(bays[6].device?.port_path == "1-1.5.3")
            #expect(bays[6].device?.kind == "camera" && bays[6].device?.model == "Canon PowerShot SX200 IS")
        }

        @Test func powerOffAndOnABay() throws {
            let home = try home()
            try Dock.with(responders: ["1-1": upper, "1-1.5": lower]) { _, _ in
                let off = try recgate(["--home", home.url.path, "dock", "power", "7", "off"])
                #expect(off.status == 0, "\(off.stderr)")
                #expect(lower.portStatus(3).status & 0x0100 == 0)
                #expect(upper.portStatus(2).status & 0x0100 != 0)
                let on = try recgate(["--home", home.url.path, "dock", "power", "7", "on"])
                #expect(on.status == 0, "\(on.stderr)")
                #expect(lower.portStatus(3).status & 0x0101 == 0x0101)
            }
            // Both switches are in the audit trail, by the person at the command line.
            let entries = try Catalog(path: home.url.appendingPathComponent("catalog.sqlite")).auditEntries(object: "bay:7")
            #expect(entries.map(\.action) == ["bay.power_switched", "bay.power_switched"])
            #expect(entries.map { $0.detail.contains("\"off\"") } == [true, false], "\(entries.map(\.detail))")
            #expect(entries.allSatisfy { $0.actor.hasPrefix("cli:") })
        }

        @Test func aGangedHubIsRefusedClearly() throws {
            let home = try home()
            let ganged = EmulatedHub(portCount: 4, powerSwitching: .ganged)
            try Dock.with(responders: ["1-1": upper, "1-1.5": ganged]) { _, _ in
                let result = try recgate(["--home", home.url.path, "dock", "power", "5", "off"])
                #expect(result.status == 1)
                #expect(result.stderr.contains("cannot switch one port's power"))
                #expect(ganged.portStatus(1).status & 0x0100 != 0)
            }
        }
    
        struct PowerReport: Decodable {
            struct Switched: Decodable, Equatable {
                var hub: String
                var port: Int
                var port_path: String
                var power: String
                var method: String
                var file: String?
                var power_after: String?
            }
            var bay: Int
            var action: String
            var switched: [Switched]
        }

        @Test func powerSaysHowThePortWasSwitched() throws {
            let home = try home()
            let off = try Dock.with(responders: ["1-1": upper, "1-1.5": lower]) { _, _ in
                try recgate(["--home", home.url.path, "dock", "power", "7", "off", "--json"])
            }
            #expect(off.status == 0, "\(off.stderr)")
            let report = try JSONDecoder().decode(PowerReport.self, from: Data(off.stdout.utf8))
            #expect(report.bay == 7 && report.action == "off")
            #expect(report.switched == [.init(hub: "1-1.5", port: 3, port_path: "1-1.5.3", power: "off", method: "sysfs",
                                              file: "/sys/bus/usb/devices/1-1.5:1.0/1-1.5-port3/disable",
                                              power_after: "off")])
            #expect(!lower.isPowered(3))
            // The kernel switched it: no class request reached the hub.
            #expect(!lower.controlRequests.contains { $0.requestType == 0x23 && $0.value == 8 })
        }

        @Test func withoutTheAttributeTheHubRequestIsSaid() throws {
            let home = try home()
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture, responders: ["1-1": upper, "1-1.5": lower], portDisable: false)
            let result = try withExtendedLifetime(bed) { try recgate(["--home", home.url.path, "dock", "power", "7", "off"]) }
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "bay 7: 1-1.5.3 off (hub request, port reports power off)\n")
            #expect(lower.controlRequests.contains(SetupPacket(requestType: 0x23, request: 1, value: 8, index: 3, length: 0)))
        }

        @Test func cycleTakesTheDeviceAwayAndBringsItBack() async throws {
            let home = try home()
            let recorder = EmulatedEchoDevice(strings: [3: "A001234"])
            try await Dock.withAsync(responders: ["1-1": upper, "1-1.5": lower, "1-1.2": recorder]) { bed, context in
                let log = try HotplugLog(context)
                let result = try recgate(["--home", home.url.path, "dock", "power", "2", "cycle", "--off-seconds", "0", "--json"])
                #expect(result.status == 0, "\(result.stderr)")
                let report = try JSONDecoder().decode(PowerReport.self, from: Data(result.stdout.utf8))
                #expect(report.switched.map(\.power) == ["off", "on"])
                #expect(report.switched.map(\.power_after) == ["off", "on"])
                #expect(await log.wait(for: [.left("1-1.2"), .arrived("1-1.2")]))
                #expect(bed.isPresent("1-1.2") && upper.isPowered(2))
                await log.stop()
            }
        }
    }
}
