import Evidence
import DeviceKit
import Foundation
import Gateway
import Offload
import PTPDriver
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// `recgate serve` as a child process under the same umockdev testbed: a camera docked in a bay while the
    /// daemon runs is offloaded without a command, its clock read at the dock before anything sets it (set
    /// only when this machine's clock is synchronised), the stored objects equal to openssl's digests of what
    /// the camera holds.
    @Suite struct DockedServe {
        static let port = PTPCamera.port

        @Test func aCameraDockedInABayIsOffloadedUnattended() async throws {
            try #require(FileManager.default.isExecutableFile(atPath: PTPCamera.binary), "recgate is not built: run `swift build`")
            let home = try Docking.home()
            let logs = try TempDirectory()
            let camera = EmulatedPTPCamera(clockOffset: 95, battery: 66)
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture, responders: [Self.port: camera])
            let records = try Docking.cameraRecords()
            // Docked after the daemon started: out of the dock until then.
            try bed.unplug(Self.port)

            let before = try Docking.kernelClock()
            let serve = try SpawnedProcess(PTPCamera.binary, ["--home", home.url.path, "serve", "--listen", "127.0.0.1:0"],
                                           outputFolder: logs.url)
            defer { if serve.poll() == nil { serve.signal(SIGKILL); _ = try? serve.wait() } }
            let record = home.url.appendingPathComponent("run/serve.json")
            let listening = await waitUntil { FileManager.default.fileExists(atPath: record.path) || serve.poll() != nil }
            try #require(listening && serve.poll() == nil, "recgate serve did not start: \(serve.stderr())")

            try bed.add(records: records, responders: [Self.port: camera])
            let recordings = CameraOffload.recordings(camera)
            let catalog = GatewayHome(root: home.url).catalogURL
            // The fact waited for: every recording catalogued (the daemon's own log line is the next check).
            let done = await waitUntil {
                guard serve.poll() == nil, FileManager.default.fileExists(atPath: catalog.path),
                      let clips = try? Catalog(readingAt: catalog).clips() else { return serve.poll() != nil }
                return clips.count >= recordings.count
            }
            serve.signal(SIGTERM)
            let status = try serve.wait()
            let after = try Docking.kernelClock()
            let log = serve.stderr()
            #expect(done, "not offloaded: \(log)")
            #expect(status == 0, "\(log)")
            withExtendedLifetime(bed) {}

            // Every recording stored, each object's bytes hashed by openssl equal to the camera's.
            var expected: Set<String> = []
            for object in recordings {
                let file = logs.url.appendingPathComponent("expected-\(object.handle)")
                try Data(object.bytes).write(to: file)
                expected.insert(String(try runChecked("openssl", ["dgst", "-sha256", "-r", file.path]).stdout.prefix(64)))
            }
            let objects = home.url.appendingPathComponent("store/objects")
            let files = (FileManager.default.enumerator(at: objects, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
                .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            try #require(!files.isEmpty, "nothing stored: \(log)")
            let stored = Set(try runChecked("openssl", ["dgst", "-sha256", "-r"] + files.map(\.path)).stdout
                .split(separator: "\n").map { String($0.prefix(64)) })
            #expect(stored == expected)

            // The clock: read first at the dock (the camera's own time), with the gateway's state; set only
            // against a synchronised gateway clock.
            try #require(before.unsync == after.unsync && before.state == after.state, "the kernel's sync state changed during the test")
            let synchronised = !before.unsync && before.state != 5
                && max(before.maxError, after.maxError) <= GatewayClockSync.maxErrorLimitMicroseconds
            let rows = try Catalog(readingAt: catalog).clockObservations(deviceSerial: "CN0001")
            try #require(!rows.isEmpty, "no clock reading: \(log)")
            #expect(rows[0].source == "dock" && rows[0].gatewaySynchronised == synchronised)
            #expect(rows[0].clockSet == synchronised && rows.count == (synchronised ? 2 : 1))
            #expect(camera.clockReads.first?.offset == 95)
            #expect(camera.clockSets.count == (synchronised ? 1 : 0))
            // The first thing the camera was asked for its clock came before any set.
            if let read = camera.clockReads.first, let set = camera.clockSetEvents.first { #expect(read.at < set.at) }
            #expect(log.contains("clock read at dock"), "\(log)")
            #expect(log.contains(synchronised ? "clock set at dock" : "clock not set: the gateway's clock is not synchronised"), "\(log)")
            #expect(log.contains("bay 3"), "\(log)")
            let condition = try Catalog(readingAt: catalog).deviceConditions(deviceSerial: "CN0001")
            #expect(condition.contains { $0.batteryPercent == 66 && $0.source == "dock" })
        }

        /// A recorder's volume mounted under the watched folder from the emulated USB disk in bay 2 (its mount
        /// source `/dev/sdb1`, the disk under the dock's port 1-1.5.2 in sysfs) is offloaded with its bay; a
        /// volume mounted by hand beside it is offloaded too, its bay unknown.
        @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse"))
        func watchedVolumesAreOffloadedWithTheirBayOrWithout() async throws {
            try #require(FileManager.default.isExecutableFile(atPath: PTPCamera.binary), "recgate is not built: run `swift build`")
            let home = try Docking.home()
            let work = try TempDirectory()
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture)
            try bed.add(records: Docking.massStorageRecords())
            // Volumes only: the dock's camera is taken out.
            try bed.unplug(Self.port)
            let watched = work.url.appendingPathComponent("volumes")
            try FileManager.default.createDirectory(at: watched, withIntermediateDirectories: true)
            var expected: Set<String> = []
            func card(_ name: String, serial: String, seed: UInt32) throws -> FATImage {
                let image = try FATImage(at: work.url.appendingPathComponent("\(name).img"))
                let bytes = Data(EmulatedPTPCamera.Object.generatedBytes(200_000, seed: seed))
                let file = work.url.appendingPathComponent("\(name).bytes")
                try bytes.write(to: file)
                expected.insert(String(try runChecked("openssl", ["dgst", "-sha256", "-r", file.path]).stdout.prefix(64)))
                _ = try image.write(bytes, to: "DCIM/100MEDIA/20261103_090100_\(serial)_0001.MP4",
                                    modified: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 1, second: 0))
                return image
            }
            let inBay = try card("bay2", serial: "A001240", seed: 0x240).mount(at: watched.appendingPathComponent("sdb1"), source: "/dev/sdb1")
            defer { try? inBay.unmount() }
            let byHand = try card("hand", serial: "A001241", seed: 0x241).mount(at: watched.appendingPathComponent("hand"))
            defer { try? byHand.unmount() }

            let out = try run(PTPCamera.binary, ["--home", home.url.path, "serve", "--listen", "127.0.0.1:0", "--watch", watched.path,
                                                 "--until-idle"])
            withExtendedLifetime(bed) {}
            #expect(out.status == 0, "\(out.stderr)")
            #expect(out.stderr.contains("volume:\(inBay.root.path) in bay 2: offloaded"), "\(out.stderr)")
            #expect(out.stderr.contains("volume:\(byHand.root.path) (bay unknown): offloaded"), "\(out.stderr)")
            let objects = home.url.appendingPathComponent("store/objects")
            let files = (FileManager.default.enumerator(at: objects, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
                .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            try #require(files.count == 2, "\(out.stderr)")
            let stored = Set(try runChecked("openssl", ["dgst", "-sha256", "-r"] + files.map(\.path)).stdout
                .split(separator: "\n").map { String($0.prefix(64)) })
            #expect(stored == expected)
        }
    }
}
