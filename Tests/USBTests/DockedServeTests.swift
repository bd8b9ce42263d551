import Evidence
import DeviceKit
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Gateway
import Offload
import PTPDriver
import Presentation
import Synchronization
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
    
        /// The emulated dock: while `recgate serve` runs, a recorder's volume appears for bay 2 (its FAT image
        /// mounted with fusefat under the watched folder, `/dev/sdb1` under the dock's port 1-1.5.2) and a PTP
        /// camera arrives in bay 3; with `clock_set_at_dock: "always"` both are offloaded without a command, at
        /// the same time. The overlap is made certain, not timed: the volume's fusefat is stopped while the
        /// daemon is inside a read of one of its recordings (seen in /proc: a thread waiting on FUSE in read or
        /// pread on a file of the volume), and the camera is docked and offloaded whole while that read waits.
        /// A read holds none of umockdev's locks; a path call (open, stat) caught waiting would hold the
        /// preload's path lock and with it every file open of the daemon, so then the card is let go and
        /// caught again. The camera's clock is read (the emulator's offset), set whatever this machine's clock
        /// state, and read back.
        @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse"))
        func aCameraAndAVolumeDockedInTwoBaysAreOffloadedAtOnce() async throws {
            try #require(FileManager.default.isExecutableFile(atPath: PTPCamera.binary), "recgate is not built: run `swift build`")
            let home = try Docking.home(#"{"clock_set_at_dock": "always"}"#)
            let work = try TempDirectory()
            let camera = EmulatedPTPCamera(clockOffset: 95, battery: 71)
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture, responders: [Self.port: camera])
            try bed.add(records: Docking.massStorageRecords())
            let records = try Docking.cameraRecords()
            try bed.unplug(Self.port)

            // The recorder's card: recordings large enough to be caught mid-read, their digests by openssl.
            let watched = work.url.appendingPathComponent("volumes")
            try FileManager.default.createDirectory(at: watched, withIntermediateDirectories: true)
            let image = try FATImage(at: work.url.appendingPathComponent("bay2.img"), sizeMiB: 48)
            var cardTruth: [String: String] = [:]
            for i in 1...3 {
                let path = "DCIM/100MEDIA/20261103_09\(i)000_A001240_000\(i).MP4"
                let file = work.url.appendingPathComponent("card-\(i).bytes")
                try Data(EmulatedPTPCamera.Object.generatedBytes(12 << 20, seed: UInt32(0x240 + i))).write(to: file)
                cardTruth[path] = String(try runChecked("openssl", ["dgst", "-sha256", "-r", file.path]).stdout.prefix(64))
                _ = try image.copy(file, to: path, modified: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: i * 10, second: 0))
            }
            var cameraTruth: [String: String] = [:]
            for object in CameraOffload.recordings(camera) {
                let file = work.url.appendingPathComponent("camera-\(object.handle)")
                try Data(object.bytes).write(to: file)
                cameraTruth[object.filename] = String(try runChecked("openssl", ["dgst", "-sha256", "-r", file.path]).stdout.prefix(64))
            }

            let before = try Docking.kernelClock()
            let serve = try SpawnedProcess(PTPCamera.binary, ["--home", home.url.path, "serve", "--listen", "127.0.0.1:0",
                                                              "--watch", watched.path], outputFolder: work.url)
            defer { if serve.poll() == nil { serve.signal(SIGKILL); _ = try? serve.wait() } }
            let daemon = StatusClient(home: home.url, process: serve)
            try await daemon.waitUntilListening()

            // The volume appears for bay 2; its offload is caught inside a read of a recording, its card stopped.
            let mount = try image.mount(at: watched.appendingPathComponent("sdb1"), source: "/dev/sdb1")
            defer { kill(mount.daemonID, SIGCONT); try? mount.unmount() }
            let volumeSource = "volume:\(mount.root.path)"
            try await daemon.waitFor("the volume offloading") { $0.device(volumeSource)?.state == "offloading" }
            let caught = try await FuseWait.catchInRead(daemon: serve.pid, card: mount.daemonID, root: mount.root.path, size: 12 << 20)
            try #require(caught, "the volume's offload was never caught inside a read: \(serve.stderr())")

            // The camera docks in bay 3 and is offloaded whole while the volume's read waits.
            try bed.add(records: records, responders: [Self.port: camera])
            let cameraSource = "camera:\(Self.port)"
            let during = try await daemon.waitFor("the camera offloaded") { $0.device(cameraSource)?.state == "offloaded" }
            #expect(during.device(volumeSource)?.state == "offloading", "\(during.devices)")
            let volumeRunning = try #require(during.sessions.first { $0.device == volumeSource }, "\(during.sessions)")
            let cameraDone = try #require(during.sessions.first { $0.device == cameraSource }, "\(during.sessions)")
            #expect(volumeRunning.state == "running" && volumeRunning.ended_at == nil && volumeRunning.current_file != nil,
                    "\(volumeRunning)")
            #expect(cameraDone.state == "completed" && cameraDone.started_at >= volumeRunning.started_at, "\(cameraDone)")
            // Both bays hold their device.
            #expect(during.bays.first { $0.bay == 2 }?.device == volumeSource, "\(during.bays)")
            #expect(during.bays.first { $0.bay == 3 }?.device == cameraSource, "\(during.bays)")
            #expect(during.device(volumeSource)?.bay == 2 && during.device(volumeSource)?.serial == "A001240")
            #expect(during.device(cameraSource)?.bay == 3 && during.device(cameraSource)?.serial == "CN0001")

            kill(mount.daemonID, SIGCONT)
            let status = try await daemon.waitFor("the volume offloaded") { $0.device(volumeSource)?.state == "offloaded" }
            #expect(status.bays.first { $0.bay == 2 }?.device == volumeSource && status.bays.first { $0.bay == 3 }?.device == cameraSource,
                    "\(status.bays)")
            serve.signal(SIGTERM)
            let exit = try serve.wait()
            let after = try Docking.kernelClock()
            let log = serve.stderr()
            #expect(exit == 0, "\(log)")
            withExtendedLifetime(bed) {}

            // Every recording of both devices stored: the digests the sessions report are openssl's of the
            // devices' bytes, and the store's objects hash (openssl again) to exactly those.
            let clips = { (source: String) in status.sessions.filter { $0.device == source }.flatMap(\.clips) }
            #expect(Dictionary(uniqueKeysWithValues: clips(volumeSource).map { ($0.path, $0.sha256 ?? "") }) == cardTruth)
            #expect(Set(clips(cameraSource).compactMap(\.sha256)) == Set(cameraTruth.values) && clips(cameraSource).count == cameraTruth.count,
                    "\(clips(cameraSource))")
            let objects = home.url.appendingPathComponent("store/objects")
            let files = (FileManager.default.enumerator(at: objects, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
                .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            try #require(!files.isEmpty, "nothing stored: \(log)")
            let stored = Set(try runChecked("openssl", ["dgst", "-sha256", "-r"] + files.map(\.path)).stdout
                .split(separator: "\n").map { String($0.prefix(64)) })
            #expect(stored == Set(cardTruth.values).union(cameraTruth.values))

            // The catalog's sessions overlap: each started before the other ended.
            let sql = "SELECT d.serial, s.started_at, s.ended_at, s.status FROM offload_session s JOIN device d ON d.id = s.device_id "
                + "ORDER BY s.started_at"
            let rows = try runChecked("sqlite3", ["-separator", "\t", GatewayHome(root: home.url).catalogURL.path, sql]).stdout
                .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            let camSession = try #require(rows.first { $0.first == "CN0001" }, "\(rows)")
            let volSession = try #require(rows.first { $0.first == "A001240" }, "\(rows)")
            #expect(camSession[3] == "completed" && volSession[3] == "completed", "\(rows)")
            #expect(volSession[1] <= camSession[1] && camSession[2] <= volSession[2], "\(rows)")

            // The clock: read at the dock (the emulator's own answer, 95 s ahead), then set although this
            // machine's clock may not be synchronised, then read back (about 0 s against the emulator's answer).
            try #require(before.unsync == after.unsync && before.state == after.state, "the kernel's sync state changed during the test")
            let synchronised = !before.unsync && before.state != 5
                && max(before.maxError, after.maxError) <= GatewayClockSync.maxErrorLimitMicroseconds
            let readings = try Catalog(readingAt: GatewayHome(root: home.url).catalogURL).clockObservations(deviceSerial: "CN0001")
            try #require(readings.count == 2 && camera.clockReads.count == 2 && camera.clockSetEvents.count == 1,
                         "readings \(readings), reads \(camera.clockReads), sets \(camera.clockSetEvents): \(log)")
            #expect(camera.operations.contains(PTPOperation.setDevicePropValue))
            #expect(camera.clockReads[0].at < camera.clockSetEvents[0].at && camera.clockSetEvents[0].at < camera.clockReads[1].at)
            #expect(camera.clockReads[0].offset == 95 && abs(camera.clockReads[1].offset) < 2, "\(camera.clockReads)")
            #expect(readings.map(\.deviceTime) == camera.clockReads.map { Docking.isoFromPTP(String($0.text.prefix(19))) })
            #expect(readings.map(\.clockSet) == [true, false] && readings.allSatisfy { $0.source == "dock" })
            #expect(readings.allSatisfy { $0.gatewaySynchronised == synchronised }, "\(readings)")
            #expect(log.contains("clock read at dock") && log.contains("clock set at dock, read back"), "\(log)")
            #expect(log.contains("clock set although the gateway's clock is not synchronised") == !synchronised, "\(log)")
            #expect(log.contains("volume:\(mount.root.path) in bay 2: offloaded"), "\(log)")
        }
}
}

/// Catching a process inside a read of a FUSE file, from /proc.
enum FuseWait {
    /// Stops the FUSE daemon `card` (SIGSTOP) and waits until a thread of `daemon` waits on it; when that
    /// thread is in read or pread of a file under `root` with more of the file still to come, the card is
    /// left stopped and the answer is true. Any other call caught waiting (open, stat: a path call) lets
    /// the card go on and tries again. False when no catch came before a generous deadline.
    static func catchInRead(daemon: pid_t, card: pid_t, root: String, size: Int) async throws -> Bool {
        let deadline = Date().addingTimeInterval(240)
        while Date() < deadline {
            kill(card, SIGSTOP)
            let waiting = await waitUntil { waitingThread(daemon) != nil }
            if waiting, let thread = waitingThread(daemon), isRead(thread, daemon: daemon, root: root, size: size) { return true }
            kill(card, SIGCONT)
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// A thread of `pid` waiting for a FUSE answer (or a page FUSE fills): its id and `/proc/…/syscall` fields.
    static func waitingThread(_ pid: pid_t) -> (tid: String, syscall: [String])? {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        for tid in tasks {
            let wchan = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/wchan", encoding: .utf8)) ?? ""
            // A path call waits in `request_wait_answer`; a read waits for its page (`folio_wait_bit_common`,
            // `wait_on_page_bit` on older kernels) while FUSE fills it.
            guard ["request_wait_answer", "fuse", "folio_wait", "wait_on_page"].contains(where: wchan.contains) else { continue }
            let call = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/syscall", encoding: .utf8)) ?? ""
            return (tid, call.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) })
        }
        return nil
    }

    /// read (0) or pread64 (17) on a descriptor of a file under `root` (of `size` bytes), with bytes of it left
    /// after this read.
    static func isRead(_ thread: (tid: String, syscall: [String]), daemon: pid_t, root: String, size: Int) -> Bool {
        let fields = thread.syscall
        guard fields.count >= 5, fields[0] == "0" || fields[0] == "17",
              let fd = Int(fields[1].dropFirst(2), radix: 16), let count = Int(fields[3].dropFirst(2), radix: 16)
        else { return false }
        // The link's text only: a stat of the file would wait on the stopped card like the daemon does.
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(daemon)/fd/\(fd)"),
              target.hasPrefix(root + "/")
        else { return false }
        let offset = fields[0] == "17" ? Int(fields[4].dropFirst(2), radix: 16) ?? size : 0
        // pread: the next read surely comes (pages past this one are not all read ahead). read: trust a
        // large file's first megabytes only.
        return fields[0] == "17" ? offset + count + (2 << 20) < size : size > 4 << 20
    }
}

/// `/status` of the `recgate serve` whose run record is in `home`.
struct StatusClient {
    let home: URL
    let process: SpawnedProcess

    /// Waits (polling, up to a generous deadline) for `run/serve.json`.
    func waitUntilListening() async throws {
        let record = home.appendingPathComponent("run/serve.json")
        let listening = await waitUntil { FileManager.default.fileExists(atPath: record.path) || process.poll() != nil }
        try #require(listening && process.poll() == nil, "recgate serve did not start: \(process.stderr())")
    }

    func status() async throws -> DaemonStatus {
        let data = try Data(contentsOf: home.appendingPathComponent("run/serve.json"))
        let port = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["port"] as? Int ?? 0
        let (body, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/status")!)
        return try JSONDecoder().decode(DaemonStatus.self, from: body)
    }

    /// Polls `/status` until `condition` holds (a generous deadline on a shared machine: the condition, never
    /// the clock, decides the outcome).
    @discardableResult
    func waitFor(_ what: String, seconds: Double = 240, _ condition: (DaemonStatus) -> Bool) async throws -> DaemonStatus {
        let deadline = Date().addingTimeInterval(seconds)
        var last: DaemonStatus?
        while Date() < deadline {
            if let exit = process.poll() { throw TestSupportError("recgate serve exited with \(exit) waiting for \(what): \(process.stderr())") }
            let status = try await status()
            if condition(status) { return status }
            last = status
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("no \(what) within \(seconds) s; last status: \(String(describing: last)); log: \(process.stderr())")
    }
}

extension DaemonStatus {
    func device(_ source: String) -> Device? { devices.first { $0.source == source } }
}
