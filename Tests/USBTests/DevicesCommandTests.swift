import Evidence
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
            var state: String
            var kind: String?
            var model: String?
            var score: Int?
            var candidates: [String]
        }

        static let binary = PackageRoot.url.appendingPathComponent(".build/debug/recgate").path
        static let keyboard = PackageRoot.url.appendingPathComponent("fixtures/usb/keyboard-bay3.umockdev").path
        static let composite = PackageRoot.url.appendingPathComponent("fixtures/usb/composite-bay4.umockdev").path

        func devices(_ args: [String]) throws -> ProcessOutput {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let camera = EmulatedEchoDevice(strings: [1: "Canon Inc.", 2: "Canon Digital Camera", 3: "CN0001"])
            return try Dock.with(responders: ["1-1.5.3": camera]) { bed, _ in
                try bed.add(file: Self.keyboard)
                try bed.add(file: Self.composite)
                return try run(Self.binary, ["devices"] + args)
            }
        }

        @Test func listsTheDockAsJSON() throws {
            let result = try devices(["--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
            #expect(rows.map(\.port_path) == ["usb1", "1-1", "1-1.2", "1-1.3", "1-1.4", "1-1.5", "1-1.5.3"])
            #expect(rows[2] == Row(port_path: "1-1.2", bay: nil, vendor_id: "4255", product_id: "0001",
                                   manufacturer: "Ambarella", product: "DSJ-A8 Recorder", serial: "A001234",
                                   driver: "ambarella", state: "attached", kind: "recorder",
                                   model: "Ambarella recorder (unbranded)", score: 100, candidates: []))
            // The camera's strings come from its string descriptors; its VID:PID is in the PTP table.
            #expect(rows[6].serial == "CN0001")
            #expect(rows[6].driver == "ptp" && rows[6].kind == "camera" && rows[6].model == "Canon PowerShot SX200 IS")
            // Hubs: the root hub and the Genesys hubs by their IDs.
            #expect(rows[0].driver == "hub" && rows[0].model == "Linux Foundation 2.0 root hub")
            #expect(rows[1].driver == "hub" && rows[1].vendor_id == "05e3" && rows[1].kind == "hub")
            #expect(rows[5].driver == "hub" && rows[5].score == 100)
            // A keyboard is nobody's.
            #expect(rows[3] == Row(port_path: "1-1.3", bay: nil, vendor_id: "046d", product_id: "c31c",
                                   manufacturer: "Logitech", product: "USB Keyboard", serial: nil, driver: nil,
                                   state: "unknown", kind: nil, model: nil, score: nil, candidates: []))
            // Still image and mass storage at once: both drivers score a class match, none is picked.
            #expect(rows[4] == Row(port_path: "1-1.4", bay: nil, vendor_id: "1209", product_id: "0001",
                                   manufacturer: "Test", product: "Camera with a card reader", serial: "T0001",
                                   driver: nil, state: "ambiguous", kind: nil, model: nil, score: 50,
                                   candidates: ["ptp", "mass-storage"]))
            // Fields are present even when null.
            #expect(result.stdout.contains("\"bay\" : null"))
            #expect(result.stdout.contains("\"driver\" : null"))
        }

        @Test func saysHowEachRecorderWritesItsContainerTimes() throws {
            // A home whose catalog holds two clips of A001234 with true-UTC creation times: 09:30 named,
            // 01:30Z created (Asia/Shanghai), so each supports the UTC reading.
            let home = try TempDirectory(prefix: "recgate-devices")
            let catalog = try Catalog(path: home.path("catalog.sqlite"))
            let t0 = Date(timeIntervalSince1970: 1_793_669_400)  // 2026-11-03T01:30:00Z
            let device = try catalog.upsertDevice(serial: "A001234", model: nil, profile: "mass-storage", at: t0)
            let session = try catalog.beginSession(deviceID: device.id, volume: "/v", host: "gw", actor: "dock:1", at: t0)
            for i in 1...2 {
                let start = t0.addingTimeInterval(Double(i) * 600)
                let sha = String(repeating: "0", count: 63) + String(i)
                let clip = try catalog.recordVerified(NewClip(
                    sha256: sha, sm3: nil, size: 1, kind: "video", storePath: "/s/\(i)", deviceID: device.id, sessionID: session.id,
                    sourcePath: "DCIM/\(i).MP4", sourceName: "\(i).MP4", fsMtimeRaw: "-", fsMtime: start.addingTimeInterval(60),
                    nameStartRaw: "-", nameStart: start, timeZone: "Asia/Shanghai", serialFromName: nil, officer: nil, sequence: i,
                    locked: false), actor: "dock:1", at: t0).clip
                try catalog.recordMedia(ClipMediaRow(clipID: clip.id, prober: "recgate-probe/1", probedAt: t0, format: "mov,mp4",
                                                     duration: 60, integrity: "ok", creationTime: start, facts: "{}"), actor: "dock:1")
            }
            let result = try devices(["--json", "--home", home.url.path])
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            let recorder = try #require(rows.first { $0["serial"] as? String == "A001234" })
            let habit = try #require(recorder["container_time"] as? [String: Any])
            #expect(habit["reading"] as? String == "utc")
            let utcClips = habit["utc_clips"] as? Int, localClips = habit["local_digit_clips"] as? Int
            #expect(utcClips == 2)
            #expect(localClips == 0)
            // Devices the catalog has no votes for say so with null.
            let others = rows.filter { ($0["serial"] as? String) != "A001234" }
            #expect(others.count == rows.count - 1)
            for row in others { #expect(row["container_time"] is NSNull, "\(row)") }
        }

        @Test func listsTheDockAsText() throws {
            let result = try devices([])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
            #expect(lines.map { $0.first ?? "" } == ["usb1", "1-1", "1-1.2", "1-1.3", "1-1.4", "1-1.5", "1-1.5.3"])
            #expect(lines[2] == ["1-1.2", "4255:0001", "ambarella", "recorder", "Ambarella recorder (unbranded)", "A001234",
                                 "Ambarella DSJ-A8 Recorder"])
            #expect(lines[3] == ["1-1.3", "046d:c31c", "unknown", "-", "-", "-", "Logitech USB Keyboard"])
            #expect(lines[4] == ["1-1.4", "1209:0001", "ambiguous: ptp|mass-storage", "-", "-", "T0001",
                                 "Test Camera with a card reader"])
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
