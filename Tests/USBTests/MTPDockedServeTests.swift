import DeviceKit
import Evidence
import Foundation
import PTPDriver
import Testing
import TestSupport
import Gateway
import Offload
import USB
import USBEmulation

extension Emulated {
    /// `recgate serve` with the Android recorder docked in bay 3 while it runs: identified, its clock read (and
    /// set, `clock_set_at_dock: always`) and read back, its recordings offloaded (one read stalled mid-object
    /// and resumed), verified, and only the verified ones deleted (`release: after_verify`).
    @Suite struct MTPDockedServe {
        @Test func anMTPRecorderDockedWhileTheDaemonRunsIsOffloadedVerifiedAndReleased() async throws {
            try #require(FileManager.default.isExecutableFile(atPath: PTPCamera.binary), "recgate is not built: run `swift build`")
            let home = try Docking.home(#"{"release": "after_verify", "clock_set_at_dock": "always"}"#)
            let logs = try TempDirectory()
            let device = EmulatedMTPDevice(clock: "20261204T083000")
            let clip = EmulatedMTPDevice.sampleObjects[0]
            device.interrupt(clip.handle, at: 333_333, .stall)
            let bed = try EmulatedUSB()
            try bed.add(records: try MTPDock.records(), responders: [MTPDock.port: device])
            try bed.unplug(MTPDock.port)

            let serve = try SpawnedProcess(PTPCamera.binary, ["--home", home.url.path, "serve", "--listen", "127.0.0.1:0"],
                                           outputFolder: logs.url)
            defer { if serve.poll() == nil { serve.signal(SIGKILL); _ = try? serve.wait() } }
            let record = home.url.appendingPathComponent("run/serve.json")
            let listening = await waitUntil { FileManager.default.fileExists(atPath: record.path) || serve.poll() != nil }
            try #require(listening && serve.poll() == nil, "recgate serve did not start: \(serve.stderr())")

            try bed.add(records: try MTPDock.deviceRecords(), responders: [MTPDock.port: device])
            // The fact waited for: every recording released from the device (after its verification).
            let recordings = EmulatedMTPDevice.sampleObjects.filter { $0.filename.hasSuffix(".mp4") }
            let done = await waitUntil { serve.poll() != nil || device.objects.map(\.filename) == ["notes.txt"] }
            serve.signal(SIGTERM)
            let status = try serve.wait()
            let log = serve.stderr()
            #expect(done && device.objects.map(\.filename) == ["notes.txt"], "\(log)")
            #expect(status == 0, "\(log)")
            withExtendedLifetime(bed) {}

            let catalog = try Catalog(readingAt: GatewayHome(root: home.url).catalogURL)
            let clips = try catalog.clips()
            var expected: Set<String> = []
            for object in recordings {
                let file = logs.url.appendingPathComponent("expected-\(object.handle)")
                try Data(object.allBytes).write(to: file)
                expected.insert(String(try runChecked("openssl", ["dgst", "-sha256", "-r", file.path]).stdout.prefix(64)))
            }
            #expect(Set(clips.map(\.sha256)) == expected)
            // No byte before the stall sent twice: the read went on where it broke.
            #expect(device.resent(clip.handle, below: 333_333) == 0 && device.bytesSent(clip.handle) >= clip.size)
            // Identified by DeviceInfo's serial; the clock read at the dock before the set, then read back.
            let rows = try catalog.clockObservations(deviceSerial: "ZF20260001")
            try #require(!rows.isEmpty, "no clock reading: \(log)")
            #expect(rows[0].source == "dock" && rows[0].clockSet)
            #expect(device.clockSets.count == 1)
            #expect(log.contains("clock read at dock") && log.contains("bay 3"), "\(log)")
            // The store verifies.
            let verify = try run(PTPCamera.binary, ["--home", home.url.path, "verify"])
            #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        }
    }
}
