import Foundation
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
    }
}
