import Foundation
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// `recgate camera clock` keeps what the camera reports of itself (battery, firmware) in the catalog,
    /// and `devices --health` judges it: a camera offloaded and its clock read at the dock, through real
    /// libusb against the emulated camera.
    @Suite struct CameraHealth {
        static let port = PTPCamera.port
        static let binary = PTPCamera.binary

        struct Health: Decodable {
            struct Probe: Decodable { var probe: String; var status: String; var reason: String }
            var serial: String
            var status: String
            var probes: [Probe]
            func probe(_ name: String) -> Probe? { probes.first { $0.probe == name } }
        }

        @Test func aLowBatteryReadAtTheDockIsAWarning() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let home = try TempDirectory()
            // A real clip, so that the media probe finds it whole (the sample objects are not media).
            let clip = try [UInt8](Data(contentsOf: try ClipFactory.clip(seconds: 2, label: "camera-health")))
            let camera = EmulatedPTPCamera(deviceVersion: "1-1.0.2.0", clockOffset: 42, battery: 12, objects: [
                .init(handle: 0x21, filename: "MVI_0001.MP4", captureDate: "20261103T093015", format: 0x300D, bytes: clip),
            ])
            let (offload, clock) = try Dock.with(responders: [Self.port: camera]) { _, _ in
                (try run(Self.binary, ["offload", "--camera", Self.port, "--json", "--home", home.url.path]),
                 try run(Self.binary, ["camera", "clock", Self.port, "--set", "--json", "--home", home.url.path]))
            }
            #expect(offload.status == 0, "\(offload.stderr)")
            #expect(clock.status == 0, "\(clock.stderr)")
            // Judged from the catalog alone: the camera is gone.
            let result = try run(Self.binary, ["devices", "--health", "--json", "--home", home.url.path])
            #expect(result.status == 0, "\(result.stderr)")
            let health = try #require(try JSONDecoder().decode([Health].self, from: Data(result.stdout.utf8)).first { $0.serial == "CN0001" })
            let battery = try #require(health.probe("battery"))
            #expect(battery.status == "warning" && battery.reason.hasPrefix("battery low: 12 %"), "\(battery)")
            let firmware = try #require(health.probe("firmware"))
            #expect(firmware.status == "ok" && firmware.reason == "firmware 1-1.0.2.0", "\(firmware)")
            // The offset found at the dock, before the set (the read-back after it shows the set, not the clock).
            let offset = try #require(health.probe("clock_offset"))
            #expect(offset.status == "warning" && (offset.reason.contains("offset +41") || offset.reason.contains("offset +42")) && offset.reason.contains("set right after"), "\(offset)")
            #expect(health.probe("clock_age")?.status == "ok")
            #expect(health.probe("file_integrity")?.status == "ok", "\(String(describing: health.probe("file_integrity")))")
            #expect(health.status == "warning", "\(health.probes.map { "\($0.probe) \($0.status): \($0.reason)" })")
        }
    }
}
