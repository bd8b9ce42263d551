import DeviceKit
import Evidence
import Foundation
import Gateway
import Offload
import Synchronization
import Testing
import TestSupport
import USBEmulation

/// The card an emulated recorder becomes when switched: its FAT image, mounted with fusefat (source
/// `/dev/sdb1`, the disk the testbed puts under the recorder's port) from the emulator's switch thread.
final class SwitchedCard: Sendable {
    struct State {
        var image: FATImage?
        var mount: FuseMount?
        var error: String?
    }

    let state: Mutex<State>
    let mountPoint: URL
    let readWrite: Bool

    init(image: sending FATImage, mountPoint: URL, readWrite: Bool) {
        state = Mutex(State(image: image))
        self.mountPoint = mountPoint
        self.readWrite = readWrite
    }

    /// The recorder leaves the bus, a USB disk comes at its port, and its volume is mounted.
    func switched(_ bed: EmulatedUSB, port: String) {
        state.withLock { s in
            do {
                try bed.unplug(port)
                try bed.add(records: Emulated.Docking.massStorageRecords(port: port, devnum: 7, disk: "sdb"))
                s.mount = try s.image?.mount(readWrite: readWrite, at: mountPoint, source: "/dev/sdb1")
            } catch {
                s.error = "\(error)"
            }
        }
    }

    func unmount() { state.withLock { s in try? s.mount?.unmount() } }
    /// The card's files as mtools lists them from the image.
    func files() throws -> [String] { try state.withLock { s in try s.image?.mdir().map(\.path) ?? [] } }
    var error: String? { state.withLock { $0.error } }
}

extension Emulated {
    /// `recgate serve` with an emulated Ambarella recorder docked in bay 2: logged in, read, its clock set,
    /// switched, and the volume it becomes offloaded as that recorder, in its bay, its copies deleted only
    /// once verified; a wrong password refused once, audited, and never seen in any output.
    @Suite struct AmbarellaDock {
        static let port = "1-1.5.2"
        static let password = "135790"

        struct Setup {
            let home: TempDirectory
            let work: TempDirectory
            let watched: URL
            let recorder: EmulatedAmbarellaRecorder
            let card: SwitchedCard
            /// Path on the card → openssl's SHA-256 of its bytes.
            let truth: [String: String]
        }

        /// A home with bays (bay 2 at 1-1.5.2) and `configuration`, a card of three recordings and a note, and
        /// the recorder (ASCII variant) in bay 2, the dock's camera taken out.
        /// The dock's own recorder (1-1.2, which answers nothing) stays unless `otherRecorder` is false.
        static func setUp(_ configuration: String, bed: EmulatedUSB, otherRecorder: Bool = false,
                          variant: EmulatedAmbarellaRecorder.Variant = .ascii) throws -> Setup {
            let home = try Docking.home(configuration)
            let work = try TempDirectory()
            let watched = work.url.appendingPathComponent("volumes")
            try FileManager.default.createDirectory(at: watched, withIntermediateDirectories: true)
            let image = try FATImage(at: work.url.appendingPathComponent("card.img"))
            var truth: [String: String] = [:]
            for i in 1...3 {
                let path = "DCIM/100MEDIA/20261103_09\(i)000_A001240_000\(i).MP4"
                let file = work.url.appendingPathComponent("clip-\(i).bytes")
                try Data(EmulatedPTPCamera.Object.generatedBytes(150_000 * i, seed: UInt32(0x700 + i))).write(to: file)
                truth[path] = String(try runChecked("openssl", ["dgst", "-sha256", "-r", file.path]).stdout.prefix(64))
                _ = try image.copy(file, to: path, modified: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: i * 10, second: 0))
            }
            _ = try image.write(Data("not a recording".utf8), to: "DCIM/NOTES.TXT",
                                modified: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 0, second: 0))
            let recorder = EmulatedAmbarellaRecorder(variant: variant, serial: "A001240", password: password,
                                                     info: try RecorderInfo.fields(), battery: 64)
            let card = SwitchedCard(image: image, mountPoint: watched.appendingPathComponent("sdb1"), readWrite: true)
            try bed.add(file: Dock.fixture)
            try bed.unplug(PTPCamera.port)
            if !otherRecorder { try bed.unplug("1-1.2") }
            try bed.add(records: EmulatedAmbarellaRecorder.records(at: port, devnum: 20, variant: variant, serial: "A001240"),
                        responders: [port: recorder])
            // Weakly: the testbed holds the recorder, and must go at the end of the test for the next one.
            recorder.onSwitch { [weak bed] in if let bed { card.switched(bed, port: port) } }
            return Setup(home: home, work: work, watched: watched, recorder: recorder, card: card, truth: truth)
        }

        /// Every byte of the home's catalog files (the database, its WAL and the audit head), to look for a secret.
        static func catalogBytes(_ home: URL) throws -> Data {
            let folder = GatewayHome(root: home).catalogURL.deletingLastPathComponent()
            var all = Data()
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("catalog") {
                all += (try? Data(contentsOf: folder.appendingPathComponent(name))) ?? Data()
            }
            return all
        }

        @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse"))
        func aDockedRecorderIsSwitchedAndItsVolumeOffloadedAsItInItsBay() throws {
            try #require(FileManager.default.isExecutableFile(atPath: PTPCamera.binary), "recgate is not built: run `swift build`")
            let bed = try EmulatedUSB()
            let setup = try Self.setUp(#"""
                {"device_passwords": {"models": {"4255:0001": "000000"}, "devices": {"A001240": "\#(Self.password)"}},
                 "clock_set_at_dock": "always", "release": "after_verify"}
                """#, bed: bed)
            defer { setup.card.unmount() }
            let started = Date().timeIntervalSince1970
            let out = try run(PTPCamera.binary, ["--home", setup.home.url.path, "serve", "--listen", "127.0.0.1:0",
                                                 "--watch", setup.watched.path, "--until-idle"])
            let ended = Date().timeIntervalSince1970
            withExtendedLifetime(bed) {}
            #expect(setup.card.error == nil, "\(setup.card.error ?? "")")
            #expect(out.status == 0, "\(out.stderr)")
            #expect(out.stderr.contains("recorder:\(Self.port) in bay 2: offloaded"), "\(out.stderr)")
            // The volume it became is that recorder's offload, not a device of its own.
            #expect(out.stderr.contains("the volume of recorder:\(Self.port), offloaded as that recorder"), "\(out.stderr)")
            #expect(!out.stderr.contains("volume:\(setup.card.mountPoint.path) in bay 2: offloaded"), "\(out.stderr)")

            // Logged in once, its information read, its clock set (policy "always"), switched.
            #expect(setup.recorder.loginAttempts == 1 && setup.recorder.switched)
            #expect(setup.recorder.commands == ["Ver", "Gdv", "Gzf", "Bat", "Sdt", "Stm", "ATH"])
            #expect(setup.recorder.clockSets.count == 1)
            #expect(out.stderr.contains("officer 张三丰 (012345)"), "\(out.stderr)")

            // Catalogued under the recorder's serial, the stored bytes equal to openssl's digests of the card's.
            let catalog = try Catalog(readingAt: GatewayHome(root: setup.home.url).catalogURL)
            let clips = try catalog.clips()
            let device = try #require(try catalog.device(serial: "A001240"))
            #expect(clips.count == 3 && clips.allSatisfy { $0.deviceID == device.id }, "\(clips.map(\.deviceID))")
            let objects = setup.home.url.appendingPathComponent("store/objects")
            let files = (FileManager.default.enumerator(at: objects, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
                .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            let stored = Set(try runChecked("openssl", ["dgst", "-sha256", "-r"] + files.map(\.path)).stdout
                .split(separator: "\n").map { String($0.prefix(64)) })
            #expect(stored == Set(setup.truth.values))
            #expect(try catalog.deviceConditions(deviceSerial: "A001240").contains { $0.batteryPercent == 64 })

            // Its clock, never read: bounded below by its newest recording (09:30 by the card), at the docking,
            // marked as set right after; no reading is made up.
            let bounds = try catalog.clockBounds(deviceSerial: "A001240")
            #expect(bounds.count == 1 && bounds.first?.kind == "lower" && bounds.first?.clockSet == true, "\(bounds)")
            #expect(bounds.first?.deviceTime == "2026-11-03T09:30:00", "\(bounds)")
            if let gateway = bounds.first?.gatewayS { #expect(started <= gateway && gateway <= ended) }
            #expect(try catalog.clockObservations(deviceSerial: "A001240").isEmpty)
            #expect(try catalog.auditEntries(object: "device:A001240").contains { $0.action == "clock.bounded" })
            #expect(out.stderr.contains("clock at dock at least 2026-11-03T09:30:00"), "\(out.stderr)")

            // Released: the verified recordings are gone from the card, the note that is none is kept.
            setup.card.unmount()
            let left = try setup.card.files()
            #expect(!left.contains { $0.hasSuffix(".MP4") }, "\(left)")
            #expect(left.contains { $0.hasSuffix("NOTES.TXT") }, "\(left)")

            // The password is in no output and nowhere in the catalog.
            #expect(!out.stderr.contains(Self.password) && !out.stdout.contains(Self.password))
            #expect(try Self.catalogBytes(setup.home.url).range(of: Data(Self.password.utf8)) == nil)
        }

        /// The control variant, by its model's password, without a release policy: logged in and switched (it has
        /// no command for the clock, so it is not set, and says why), every recording offloaded under its USB
        /// serial and kept on the card; its clock bounded all the same, not marked as set.
        @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse"))
        func aControlVariantRecorderIsSwitchedAndOffloadedAndKeepsItsRecordings() throws {
            try #require(FileManager.default.isExecutableFile(atPath: PTPCamera.binary), "recgate is not built: run `swift build`")
            let bed = try EmulatedUSB()
            let setup = try Self.setUp(#"{"device_passwords": {"models": {"4255:0001": "\#(Self.password)"}}, "clock_set_at_dock": "always"}"#,
                                       bed: bed, variant: .control)
            defer { setup.card.unmount() }
            let out = try run(PTPCamera.binary, ["--home", setup.home.url.path, "serve", "--listen", "127.0.0.1:0",
                                                 "--watch", setup.watched.path, "--until-idle"])
            withExtendedLifetime(bed) {}
            #expect(setup.card.error == nil, "\(setup.card.error ?? "")")
            #expect(out.status == 0, "\(out.stderr)")
            #expect(out.stderr.contains("recorder:\(Self.port) in bay 2: offloaded: 3 clips stored"), "\(out.stderr)")
            #expect(out.stderr.contains("clock not set: the device does not offer its clock"), "\(out.stderr)")
            #expect(setup.recorder.commands == ["login", "disk"] && setup.recorder.loginAttempts == 1)
            let catalog = try Catalog(readingAt: GatewayHome(root: setup.home.url).catalogURL)
            let device = try #require(try catalog.device(serial: "A001240"))
            #expect(try catalog.clips().filter { $0.deviceID == device.id }.count == 3)
            let bounds = try catalog.clockBounds(deviceSerial: "A001240")
            #expect(bounds.count == 1 && bounds.first?.clockSet == false && bounds.first?.deviceTime == "2026-11-03T09:30:00", "\(bounds)")
            setup.card.unmount()
            let left = try setup.card.files()
            #expect(Set(setup.truth.keys).isSubset(of: Set(left)), "\(left)")
            #expect(!out.stderr.contains(Self.password))
        }

        /// The clock policy holds for recorders: `never` leaves the clock alone; by default it is set only when
        /// this machine's clock is synchronised (the kernel's state, read around the run). The bound is kept either
        /// way, marked as set only when it was.
        @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse"), arguments: [#""never""#, nil])
        func theRecordersClockIsSetOnlyAsThePolicySays(policy: String?) throws {
            try #require(FileManager.default.isExecutableFile(atPath: PTPCamera.binary), "recgate is not built: run `swift build`")
            let bed = try EmulatedUSB()
            let clock = policy.map { #", "clock_set_at_dock": \#($0)"# } ?? ""
            let setup = try Self.setUp(#"{"device_passwords": {"devices": {"A001240": "\#(Self.password)"}}\#(clock)}"#, bed: bed)
            defer { setup.card.unmount() }
            let before = try Docking.kernelClock()
            let out = try run(PTPCamera.binary, ["--home", setup.home.url.path, "serve", "--listen", "127.0.0.1:0",
                                                 "--watch", setup.watched.path, "--until-idle"])
            let after = try Docking.kernelClock()
            withExtendedLifetime(bed) {}
            try #require(before.unsync == after.unsync && before.state == after.state, "the kernel's sync state changed during the test")
            let synchronised = !before.unsync && before.state != 5
                && max(before.maxError, after.maxError) <= GatewayClockSync.maxErrorLimitMicroseconds
            let set = policy == nil && synchronised
            #expect(out.status == 0, "\(out.stderr)")
            #expect(setup.recorder.clockSets.count == (set ? 1 : 0), "\(out.stderr)")
            if policy != nil {
                #expect(out.stderr.contains(#"clock not set: clock_set_at_dock is "never""#), "\(out.stderr)")
            } else if !synchronised {
                #expect(out.stderr.contains("clock not set: the gateway's clock is not synchronised"), "\(out.stderr)")
            }
            let bounds = try Catalog(readingAt: GatewayHome(root: setup.home.url).catalogURL).clockBounds(deviceSerial: "A001240")
            #expect(bounds.count == 1 && bounds.first?.clockSet == set, "\(bounds)")
        }

        /// One slot, one recording a turn, and a card mounted by hand waiting beside the recorder: the recorder
        /// gives its slot away after each recording and, at its next turn, goes on with the volume it became
        /// (logged in and switched once), until all three recordings are stored under its serial.
        @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse"))
        func aSwitchedRecorderGoesOnWithItsVolumeAtItsNextTurn() throws {
            try #require(FileManager.default.isExecutableFile(atPath: PTPCamera.binary), "recgate is not built: run `swift build`")
            let bed = try EmulatedUSB()
            let setup = try Self.setUp(#"""
                {"device_passwords": {"devices": {"A001240": "\#(Self.password)"}}, "offload_concurrency": 1, "offload_slice_bytes": 1}
                """#, bed: bed)
            defer { setup.card.unmount() }
            let other = try FATImage(at: setup.work.url.appendingPathComponent("other.img"))
            for i in 1...3 {
                _ = try other.write(Data(EmulatedPTPCamera.Object.generatedBytes(50_000, seed: UInt32(0x800 + i))),
                                    to: "DCIM/100MEDIA/20261103_10\(i)000_A001241_000\(i).MP4",
                                    modified: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 10, minute: i * 10, second: 0))
            }
            let byHand = try other.mount(at: setup.watched.appendingPathComponent("hand"))
            defer { try? byHand.unmount() }
            let out = try run(PTPCamera.binary, ["--home", setup.home.url.path, "serve", "--listen", "127.0.0.1:0",
                                                 "--watch", setup.watched.path, "--until-idle"])
            withExtendedLifetime(bed) {}
            #expect(setup.card.error == nil, "\(setup.card.error ?? "")")
            #expect(out.status == 0, "\(out.stderr)")
            #expect(out.stderr.contains("recorder:\(Self.port) in bay 2: gave its slot to the next device"), "\(out.stderr)")
            #expect(out.stderr.contains("recorder:\(Self.port) in bay 2: offloaded"), "\(out.stderr)")
            #expect(setup.recorder.loginAttempts == 1 && setup.recorder.commands.filter { $0 == "ATH" }.count == 1)
            let catalog = try Catalog(readingAt: GatewayHome(root: setup.home.url).catalogURL)
            let device = try #require(try catalog.device(serial: "A001240"))
            #expect(try catalog.clips().filter { $0.deviceID == device.id }.count == 3)
        }

        @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse"))
        func aWrongPasswordIsRefusedOnceAuditedAndNeverShown() throws {
            try #require(FileManager.default.isExecutableFile(atPath: PTPCamera.binary), "recgate is not built: run `swift build`")
            let wrong = "246801"
            let bed = try EmulatedUSB()
            let setup = try Self.setUp(#"{"device_passwords": {"devices": {"A001240": "\#(wrong)"}}}"#, bed: bed, otherRecorder: true)
            defer { setup.card.unmount() }
            let out = try run(PTPCamera.binary, ["--home", setup.home.url.path, "serve", "--listen", "127.0.0.1:0",
                                                 "--watch", setup.watched.path, "--until-idle"])
            withExtendedLifetime(bed) {}
            // Not offloaded: the run says so and ends 1; the recorder was asked once and not switched.
            #expect(out.status == 1, "\(out.stderr)")
            #expect(out.stderr.contains("recorder:\(Self.port) in bay 2: failed: login refused"), "\(out.stderr)")
            #expect(out.stderr.contains("device_passwords"), "\(out.stderr)")
            // The dock's other recorder has no password configured: the error names the keys that would set one.
            #expect(out.stderr.contains(#"recorder:1-1.2 (bay unknown): failed: login: no password is configured for the recorder A001234: "#
                + #"set device_passwords.devices."A001234" or device_passwords.models."4255:0001" in recgate.json"#), "\(out.stderr)")
            #expect(setup.recorder.loginAttempts == 1 && !setup.recorder.switched)
            #expect(setup.recorder.commands == ["Ver", "Gdv"])
            // Audited under the recorder's serial, with its port; the password nowhere.
            let catalog = try Catalog(readingAt: GatewayHome(root: setup.home.url).catalogURL)
            let entries = try catalog.auditEntries(object: "device:A001240")
            let refusal = try #require(entries.first { $0.action == "device.login_refused" }, "\(entries.map(\.action))")
            #expect(refusal.detail.contains(Self.port) && !refusal.detail.contains(wrong))
            #expect(!out.stderr.contains(wrong) && !out.stdout.contains(wrong))
            #expect(try Self.catalogBytes(setup.home.url).range(of: Data(wrong.utf8)) == nil)
            #expect(try catalog.clips().isEmpty)

            // Started again with the same configuration, the gateway does not try that password again.
            let again = try run(PTPCamera.binary, ["--home", setup.home.url.path, "serve", "--listen", "127.0.0.1:0",
                                                   "--watch", setup.watched.path, "--until-idle"])
            withExtendedLifetime(bed) {}
            #expect(again.status == 1 && again.stderr.contains("login not tried again: the recorder refused the password at"),
                    "\(again.stderr)")
            #expect(setup.recorder.loginAttempts == 1 && setup.recorder.commands == ["Ver", "Gdv"])
            #expect(try catalog.auditEntries(object: "device:A001240").filter { $0.action == "device.login_refused" }.count == 1)

            // The password corrected in recgate.json: the next start logs in once more, and the recorder is offloaded.
            try Data(#"{"device_passwords": {"devices": {"A001240": "\#(Self.password)"}}}"#.utf8)
                .write(to: setup.home.url.appendingPathComponent("recgate.json"))
            let corrected = try run(PTPCamera.binary, ["--home", setup.home.url.path, "serve", "--listen", "127.0.0.1:0",
                                                       "--watch", setup.watched.path, "--until-idle"])
            withExtendedLifetime(bed) {}
            #expect(corrected.stderr.contains("recorder:\(Self.port) in bay 2: offloaded: 3 clips stored"), "\(corrected.stderr)")
            #expect(setup.recorder.loginAttempts == 2 && setup.recorder.switched)
        }
    }
}
