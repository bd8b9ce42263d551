import Foundation
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// `recgate devices` as a script runs it; the child process inherits umockdev's preload and testbed.
    @Suite struct DevicesCommand {
        struct Row: Decodable, Equatable {
            var port_path: String
            var bay: Int?
            var vendor_id: String
            var product_id: String
            var manufacturer: String?
            var product: String?
            var serial: String?
            var driver: String?
        }

        static let binary = PackageRoot.url.appendingPathComponent(".build/debug/recgate").path

        @Test func listsTheDockAsJSON() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let camera = EmulatedEchoDevice(strings: [1: "Canon Inc.", 2: "Canon Digital Camera", 3: "CN0001"])
            let result = try Dock.with(responders: ["1-1.5.3": camera]) { _, _ in
                try run(Self.binary, ["devices", "--json"])
            }
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
            #expect(rows.map(\.port_path) == ["usb1", "1-1", "1-1.2", "1-1.5", "1-1.5.3"])
            #expect(rows[2] == Row(port_path: "1-1.2", bay: nil, vendor_id: "4255", product_id: "0001",
                                   manufacturer: "Ambarella", product: "DSJ-A8 Recorder", serial: "A001234", driver: nil))
            #expect(rows[4].serial == "CN0001")
            #expect(rows[1].driver == "hub" && rows[1].vendor_id == "05e3")
            // Fields are present even when null.
            #expect(result.stdout.contains("\"bay\" : null"))
        }
    }
}

@Suite struct EmulatorStaysOutOfTheBinary {
    @Test func recgateDoesNotLinkUmockdev() throws {
        let binary = Emulated.DevicesCommand.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "recgate is not built: run `swift build`")
        // Without the preload the tests run under, which ldd would list too.
        let linked = try run("ldd", [binary], environment: ["LD_PRELOAD": ""])
        #expect(linked.status == 0)
        #expect(linked.stdout.contains("libusb-1.0"))
        #expect(!linked.stdout.contains("umockdev"))
    }
}
