import Evidence
import Foundation
import Gateway
import HubDriver
import MassStorageDriver
import Offload
import PTPDriver
import Synchronization
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// Devices arriving in bays: the camera's hotplug arrival with its bay, the dock step (the clock read before
    /// it is set, the gateway's own clock state recorded with it), and volumes mapped to their USB device and
    /// bay through sysfs. Real libusb and a real umockdev sysfs.
    @Suite struct Docking {
        static let port = PTPCamera.port
        static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

        /// A home whose bays file wires bay 3 to the camera's port and bay 2 to `1-1.5.2`.
        static func home(_ configuration: String? = nil) throws -> TempDirectory {
            let home = try TempDirectory()
            try Data(#"{"bays": [{"bay": 2, "port_path": "1-1.5.2"}, {"bay": 3, "label": "C3", "port_path": "1-1.5.3"}]}"#.utf8)
                .write(to: home.url.appendingPathComponent("bays.json"))
            if let configuration {
                try Data(configuration.utf8).write(to: home.url.appendingPathComponent("recgate.json"))
            }
            return home
        }

        /// The camera's own records in the dock fixture (it and anything below it), to plug it back in.
        static func cameraRecords() throws -> String {
            let text = try String(contentsOfFile: Dock.fixture, encoding: .utf8)
            return EmulatedUSB.records(in: text).filter { $0.name == port || $0.name.hasPrefix(port + ":") }
                .map(\.text).joined(separator: "\n")
        }

        // MARK: hotplug

        @Test func aCameraDockedAtStartArrivesWithItsBayLeavesAndComesBack() async throws {
            let camera = EmulatedPTPCamera()
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture, responders: [Self.port: camera])
            let home = try Self.home()
            let bays = try Gateway(home: GatewayHome(root: home.url)).bays()
            let source = HotplugArrivals(bays: bays)
            let records = try Self.cameraRecords()
            let events = try await guarded { () async throws -> [ArrivalEvent] in
                var iterator = try source.events().makeAsyncIterator()
                var seen: [ArrivalEvent] = []
                // Present at start: enumerated (the hubs and the Ambarella recorder in 1-1.2 are not arrivals).
                seen.append(try #require(await iterator.next()))
                seen.append(try #require(await iterator.next()))
                try bed.unplug(Self.port)
                seen.append(try #require(await iterator.next()))
                // A mass-storage device is no arrival here (its volume's mount is): events stay in order, so
                // the next one is the camera's.
                try bed.add(records: Self.massStorageRecords())
                try bed.add(records: records, responders: [Self.port: camera])
                seen.append(try #require(await iterator.next()))
                return seen
            }
            await source.stop()
            withExtendedLifetime(bed) {}
            let arrival = Arrival(source: .camera(portPath: "1-1.5.3"), usbPortPath: "1-1.5.3", bay: 3, serial: "CN0001")
            // The camera present at start, then `settled` (every device present reported), then hotplug.
            #expect(events == [.arrived(arrival), .settled, .left(.camera(portPath: "1-1.5.3")), .arrived(arrival)])
            // The attached table followed the events: the camera is in it, matched by the PTP driver.
            #expect(source.attached["1-1.5.3"]?.match.driverName == "ptp")
            #expect(source.attached["1-1.2"]?.match.driverName == "ambarella")
            #expect(source.attached["1-1.5.2"]?.match.driverName == "mass-storage")
        }

        @Test func aCameraAtAPortThatIsNoBayArrivesWithoutOne() async throws {
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture, responders: [Self.port: EmulatedPTPCamera(serialNumber: "CN0777")])
            let source = HotplugArrivals(bays: BayConfiguration(bays: [.init(number: 1, portPath: "1-1.1")]))
            let first = try await guarded { () async throws -> ArrivalEvent? in
                var iterator = try source.events().makeAsyncIterator()
                return await iterator.next()
            }
            await source.stop()
            withExtendedLifetime(bed) {}
            #expect(first == .arrived(Arrival(source: .camera(portPath: "1-1.5.3"), usbPortPath: "1-1.5.3", bay: nil, serial: "CN0777")))
        }

        // MARK: the dock step

        static let synchronised = GatewayClockSync(maxErrorMicroseconds: 12_000, kernelUnsynchronised: false)
        static let unsynchronised = GatewayClockSync(maxErrorMicroseconds: 16_000_000, kernelUnsynchronised: true)

        func dock(_ camera: EmulatedPTPCamera, home: TempDirectory, sync: @escaping @Sendable () throws -> GatewayClockSync)
            throws -> CameraDocking
        {
            try Dock.with(responders: [Self.port: camera]) { _, _ in
                try Gateway(home: GatewayHome(root: home.url)).dock(camera: Self.port, gatewaySync: sync)
            }
        }

        func observations(_ home: TempDirectory, _ serial: String = "CN0001") throws -> [ClockObservationRow] {
            try Catalog(readingAt: GatewayHome(root: home.url).catalogURL).clockObservations(deviceSerial: serial)
        }

        @Test func theClockIsReadBeforeItIsSetThenReadBack() throws {
            let camera = EmulatedPTPCamera(clockOffset: -3725, battery: 57)
            let home = try Self.home()
            let step = try dock(camera, home: home) { Self.synchronised }
            #expect(step.clockSet && step.notSet == nil)
            #expect(step.serial == "CN0001" && step.battery == 57 && step.firmware == "1-1.0.1.0")
            // The camera saw: a read, a set, a read (in that order, nothing set before the first read).
            try #require(camera.clockReads.count == 2 && camera.clockSetEvents.count == 1)
            #expect(camera.clockReads[0].at < camera.clockSetEvents[0].at && camera.clockSetEvents[0].at < camera.clockReads[1].at)
            try #require(step.readings.count == 2)
            // The first reading is the camera's own time, faithful to what it served; the read-back shows the set.
            PTPCamera.expectFaithful(offset: step.readings[0].offset(in: Self.shanghai), uncertainty: step.readings[0].uncertainty,
                                     gatewayTime: step.readings[0].gatewayTime, to: camera.clockReads[0])
            #expect(camera.clockReads[0].offset == -3725)
            PTPCamera.expectFaithful(offset: step.readings[1].offset(in: Self.shanghai), uncertainty: step.readings[1].uncertainty,
                                     gatewayTime: step.readings[1].gatewayTime, to: camera.clockReads[1])
            #expect(abs(camera.clockReads[1].offset) < 2)

            let rows = try observations(home)
            #expect(rows.map(\.source) == ["dock", "dock"] && rows.map(\.clockSet) == [true, false])
            #expect(rows.map(\.deviceTime) == step.readings.map(\.deviceTime.description))
            #expect(rows.allSatisfy { $0.gatewaySynchronised == true && $0.gatewayMaxErrorMicroseconds == 12_000 })
            #expect(rows.allSatisfy { $0.note == "ptp 1-1.5.3" })
            let condition = try Catalog(readingAt: GatewayHome(root: home.url).catalogURL).deviceConditions(deviceSerial: "CN0001")
            #expect(condition.map(\.batteryPercent) == [57] && condition.map(\.firmware) == ["1-1.0.1.0"] && condition.map(\.source) == ["dock"])
        }

        @Test func anUnsynchronisedGatewayReadsTheClockAndDoesNotSetIt() throws {
            let camera = EmulatedPTPCamera(clockOffset: 900)
            let home = try Self.home()
            let step = try dock(camera, home: home) { Self.unsynchronised }
            guard case .gatewayUnsynchronised(let why) = step.notSet else {
                Issue.record("not set for another reason: \(String(describing: step.notSet))")
                return
            }
            #expect(why.contains("unsynchronised") && why.contains("16000 ms"), "\(why)")
            #expect(camera.clockSets.isEmpty && camera.clockReads.count == 1)
            let rows = try observations(home)
            #expect(rows.count == 1 && rows[0].clockSet == false)
            #expect(rows[0].gatewaySynchronised == false && rows[0].gatewayMaxErrorMicroseconds == 16_000_000)
            // A large error bound alone is enough to refuse, and a state that cannot be read too.
            let loose = GatewayClockSync(maxErrorMicroseconds: 2_000_000, kernelUnsynchronised: false)
            #expect(!loose.isSynchronised && loose.reasonUnsynchronised?.contains("2000 ms") == true)
            let unknown = EmulatedPTPCamera(serialNumber: "CN0002")
            let blind = try dock(unknown, home: home) { throw GatewayClockSync.Problem.system(errno: EPERM) }
            #expect(unknown.clockSets.isEmpty)
            guard case .gatewayUnsynchronised(let cause) = blind.notSet else {
                Issue.record("not refused: \(String(describing: blind.notSet))")
                return
            }
            #expect(cause.contains("could not be read"))
            #expect(try observations(home, "CN0002").map(\.gatewaySynchronised) == [nil])
        }

        /// A set the camera refuses: the reading taken before it is kept (not marked as set), the failure reported.
        @Test func aFailedSetKeepsTheReadingBeforeIt() throws {
            let camera = EmulatedPTPCamera(clockOffset: -61)
            camera.inject(.responseCode(0x2019), on: PTPOperation.setDevicePropValue)
            let home = try Self.home()
            let error = #expect(throws: CameraDocking.Problem.self) {
                try dock(camera, home: home) { Self.synchronised }
            }
            guard case .camera = error else {
                Issue.record("another problem: \(String(describing: error))")
                return
            }
            // The emulator applies the value before answering the error, as a camera may: the gateway cannot
            // know, so the reading is not marked as followed by a set, and nothing is read back.
            #expect(camera.clockReads.count == 1)
            let rows = try observations(home)
            #expect(rows.count == 1 && rows.first?.clockSet == false && rows.first?.gatewaySynchronised == true)
            #expect(rows.first?.deviceTime == camera.clockReads.first.map { String($0.text.prefix(19)) }.map(Self.isoFromPTP))
        }

        /// `20261103T093015` → `2026-11-03T09:30:15`.
        static func isoFromPTP(_ text: String) -> String {
            let t = Array(text)
            return String(t[0..<4]) + "-" + String(t[4..<6]) + "-" + String(t[6..<8]) + "T" + String(t[9..<11]) + ":"
                + String(t[11..<13]) + ":" + String(t[13..<15])
        }

        @Test func clockSetAtDockNeverOnlyReads() throws {
            let camera = EmulatedPTPCamera(clockOffset: 42)
            let home = try Self.home(#"{"clock_set_at_dock": "never"}"#)
            let step = try dock(camera, home: home) { Self.synchronised }
            #expect(step.notSet == .configuration && step.setUnsynchronised == nil)
            #expect(step.notSet?.description == #"clock_set_at_dock is "never""#)
            #expect(camera.clockSets.isEmpty && camera.clockReads.count == 1)
            #expect(camera.clockReads.first?.offset == 42)
            #expect(try observations(home).map(\.clockSet) == [false])
        }

        /// `when_synchronised` written out is the default: an unsynchronised gateway reads and does not set.
        @Test func clockSetAtDockWhenSynchronisedIsTheDefault() throws {
            let home = try Self.home(#"{"clock_set_at_dock": "when_synchronised"}"#)
            let refused = EmulatedPTPCamera(clockOffset: 300)
            let step = try dock(refused, home: home) { Self.unsynchronised }
            guard case .gatewayUnsynchronised = step.notSet else {
                Issue.record("not refused: \(String(describing: step.notSet))")
                return
            }
            #expect(refused.clockSets.isEmpty && step.setUnsynchronised == nil)
            let accepted = EmulatedPTPCamera(serialNumber: "CN0002", clockOffset: 300)
            let set = try dock(accepted, home: home) { Self.synchronised }
            #expect(set.clockSet && accepted.clockSets.count == 1 && set.setUnsynchronised == nil)
        }

        /// `always`: a site without a time source trusts the gateway's own clock. The clock is read first, set
        /// although the kernel says the gateway is unsynchronised (or cannot say), and read back; each reading
        /// records that the gateway was not synchronised.
        @Test func clockSetAtDockAlwaysSetsAgainstAnUnsynchronisedGateway() throws {
            let camera = EmulatedPTPCamera(clockOffset: -1800)
            let home = try Self.home(#"{"clock_set_at_dock": "always"}"#)
            let step = try dock(camera, home: home) { Self.unsynchronised }
            #expect(step.clockSet && step.notSet == nil)
            #expect(step.setUnsynchronised?.contains("16000 ms") == true, "\(String(describing: step.setUnsynchronised))")
            try #require(camera.clockReads.count == 2 && camera.clockSetEvents.count == 1)
            #expect(camera.clockReads[0].at < camera.clockSetEvents[0].at && camera.clockSetEvents[0].at < camera.clockReads[1].at)
            #expect(camera.clockReads[0].offset == -1800 && abs(camera.clockReads[1].offset) < 2)
            let rows = try observations(home)
            #expect(rows.map(\.clockSet) == [true, false])
            #expect(rows.allSatisfy { $0.gatewaySynchronised == false && $0.gatewayMaxErrorMicroseconds == 16_000_000 })

            // A gateway whose state cannot be read at all is set too, its state recorded as unknown.
            let blind = EmulatedPTPCamera(serialNumber: "CN0002", clockOffset: 60)
            let unknown = try dock(blind, home: home) { throw GatewayClockSync.Problem.system(errno: EPERM) }
            #expect(unknown.clockSet && blind.clockSets.count == 1)
            #expect(unknown.setUnsynchronised?.contains("could not be read") == true)
            #expect(try observations(home, "CN0002").map(\.gatewaySynchronised) == [nil, nil])

            // Against a synchronised gateway, `always` sets as the default does, with nothing to warn of.
            let good = EmulatedPTPCamera(serialNumber: "CN0003", clockOffset: 5)
            let synchronised = try dock(good, home: home) { Self.synchronised }
            #expect(synchronised.clockSet && synchronised.setUnsynchronised == nil && good.clockSets.count == 1)
        }

        /// The kernel's own state, as this machine has it, against an independent read (ntp_adjtime called
        /// from Python): the flag and the bound recorded are the kernel's, and the clock is set only when it
        /// is synchronised.
        @Test func theGatewaysClockStateIsTheKernels() throws {
            let before = try Self.kernelClock()
            let camera = EmulatedPTPCamera(clockOffset: 7)
            let home = try Self.home()
            let step = try dock(camera, home: home) { try GatewayClockSync.current() }
            let after = try Self.kernelClock()
            let sync = try #require(step.gatewaySync)
            try #require(before.unsync == after.unsync, "the kernel's sync state changed during the test")
            #expect(sync.kernelUnsynchronised == before.unsync)
            #expect(sync.clockStateError == (before.state == 5))
            #expect((min(before.maxError, after.maxError)...max(before.maxError, after.maxError)).contains(sync.maxErrorMicroseconds))
            let rows = try observations(home)
            #expect(rows.first?.gatewaySynchronised == sync.isSynchronised)
            #expect(rows.first?.gatewayMaxErrorMicroseconds == sync.maxErrorMicroseconds)
            #expect(step.clockSet == sync.isSynchronised)
            #expect(camera.clockSets.count == (sync.isSynchronised ? 1 : 0))
        }

        /// `recgate camera clock` (a person at the dock) keeps the gateway's clock state with its readings too.
        @Test func theClockCommandRecordsTheGatewaysClockState() throws {
            try #require(FileManager.default.isExecutableFile(atPath: PTPCamera.binary), "recgate is not built: run `swift build`")
            let home = try Self.home()
            let before = try Self.kernelClock()
            let out = try Dock.with(responders: [Self.port: EmulatedPTPCamera(clockOffset: 30)]) { _, _ in
                try run(PTPCamera.binary, ["camera", "clock", Self.port, "--json", "--home", home.url.path])
            }
            let after = try Self.kernelClock()
            #expect(out.status == 0, "\(out.stderr)")
            try #require(before.unsync == after.unsync && before.state == after.state, "the kernel's sync state changed during the test")
            let synchronised = !before.unsync && before.state != 5
                && max(before.maxError, after.maxError) <= GatewayClockSync.maxErrorLimitMicroseconds
            let row = try #require(try observations(home).first)
            #expect(row.gatewaySynchronised == synchronised)
            let bound = try #require(row.gatewayMaxErrorMicroseconds)
            #expect((min(before.maxError, after.maxError)...max(before.maxError, after.maxError)).contains(bound))
        }

        /// ntp_adjtime read from Python's ctypes (modes 0: read only): the state, STA_UNSYNC and maxerror.
        static func kernelClock() throws -> (state: Int, unsync: Bool, maxError: Int) {
            let script = """
                import ctypes
                L = ctypes.c_long
                class timeval(ctypes.Structure): _fields_ = [("tv_sec", L), ("tv_usec", L)]
                class timex(ctypes.Structure):
                    _fields_ = [("modes", ctypes.c_uint), ("offset", L), ("freq", L), ("maxerror", L), ("esterror", L),
                                ("status", ctypes.c_int), ("constant", L), ("precision", L), ("tolerance", L),
                                ("time", timeval), ("tick", L), ("ppsfreq", L), ("jitter", L), ("shift", ctypes.c_int),
                                ("stabil", L), ("jitcnt", L), ("calcnt", L), ("errcnt", L), ("stbcnt", L),
                                ("tai", ctypes.c_int), ("pad", ctypes.c_int * 11)]
                t = timex()
                state = ctypes.CDLL(None).ntp_adjtime(ctypes.byref(t))
                print(state, t.status & 0x0040, t.maxerror)
                """
            let out = try run("python3", ["-c", script])
            try #require(out.status == 0, "\(out.stderr)")
            let fields = out.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
            try #require(fields.count == 3, "\(out.stdout)")
            return (fields[0], fields[1] != 0, fields[2])
        }

        // MARK: volumes through sysfs

        /// A USB mass-storage device at `1-1.5.2` (bulk-only SCSI), with its disk `sdb` and partition `sdb1`
        /// below its interface, as the kernel lays them out.
        static func massStorageRecords(port: String = "1-1.5.2", devnum: Int = 7, disk: String = "sdb") -> String {
            let base = UmockdevRecord.sysfsPath(of: port)
            let scsi = "\(base)/\(port):1.0/host6/target6:0:0/6:0:0:0/block/\(disk)"
            // Device descriptor (VID 0x0781, PID 0x5567) and one configuration: interface 08/06/50, two bulk endpoints.
            let descriptors = "120100020000004081076755000100000001" + "090220000101008032" + "090400000208065000"
                + "07058102000200" + "07050202000200"
            return UmockdevRecord.usbDevice(at: port, devnum: devnum, vendor: "0781", product: "5567", descriptors: descriptors)
                + """

                P: \(base)/\(port):1.0
                E: SUBSYSTEM=usb
                E: DEVTYPE=usb_interface
                E: DRIVER=usb-storage
                A: bInterfaceClass=08\\n
                A: bInterfaceSubClass=06\\n
                A: bInterfaceProtocol=50\\n

                P: \(scsi)
                N: \(disk)
                E: SUBSYSTEM=block
                E: DEVTYPE=disk
                E: DEVNAME=/dev/\(disk)
                A: size=69632\\n

                P: \(scsi)/\(disk)1
                N: \(disk)1
                E: SUBSYSTEM=block
                E: DEVTYPE=partition
                E: DEVNAME=/dev/\(disk)1
                A: partition=1\\n

                """
        }

        @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse"))
        func aVolumeOnAUSBDeviceInABayMapsToItsPortAndBay() throws {
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture)
            try bed.add(records: Self.massStorageRecords())
            let home = try Self.home()
            let folder = try TempDirectory()
            let image = try FATImage(at: folder.url.appendingPathComponent("card.img"))
            let mount = try image.mount(at: folder.url.appendingPathComponent("volumes/sdb1"), source: "/dev/sdb1")
            defer { try? mount.unmount() }
            let gateway = Gateway(home: GatewayHome(root: home.url))
            let origin = VolumeOrigin.locate(mount.root, bays: try gateway.bays())
            #expect(origin.source == "/dev/sdb1" && origin.kernelName == "sdb1")
            #expect(origin.usbPortPath == "1-1.5.2" && origin.bay == 2 && origin.unknownBecause == nil, "\(origin)")
            let arrival = VolumeOrigin.arrival(mount.root, bays: try gateway.bays())
            #expect(arrival == Arrival(source: .volume(mount.root), usbPortPath: "1-1.5.2", bay: 2))
            // The whole disk mounted (no partition table) maps the same way.
            let disk = VolumeOrigin.locate(mountPoint: mount.root.path,
                                           mounts: [MountEntry(mountPoint: mount.root.resolvingSymlinksInPath().path,
                                                               fileSystemType: "vfat", source: "/dev/sdb")])
            #expect(disk.usbPortPath == "1-1.5.2" && disk.kernelName == "sdb")
            withExtendedLifetime(bed) {}
        }

        /// Placing a volume never looks into it: with its FUSE driver stopped and no attribute cache (a stuck
        /// recorder), the lookup still answers from mountinfo and sysfs. A lookup that stat'ed the volume's
        /// root would wait for the driver; the watchdog then lets the driver go on so the test ends, failed.
        @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse"))
        func placingAVolumeNeverLooksIntoIt() throws {
            let folder = try TempDirectory()
            let image = try FATImage(at: folder.url.appendingPathComponent("stuck.img"))
            let mount = try image.mount(at: folder.url.appendingPathComponent("stuck"), options: ["attr_timeout=0", "entry_timeout=0"])
            defer { try? mount.unmount() }
            kill(mount.daemonID, SIGSTOP)
            let answered = DispatchSemaphore(value: 0)
            let origin = Mutex<VolumeOrigin?>(nil)
            let root = mount.root
            Thread.detachNewThread {
                origin.withLock { $0 = VolumeOrigin.locate(root, bays: nil) }
                answered.signal()
            }
            let inTime = answered.wait(timeout: .now() + 30) == .success
            kill(mount.daemonID, SIGCONT)
            if !inTime { answered.wait() }
            #expect(inTime, "placing the volume waited for its stopped FUSE driver")
            let found = try #require(origin.withLock { $0 })
            #expect(found.source == "fusefat" && found.unknownBecause?.contains("is not a device") == true, "\(found)")
        }

        @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse"))
        func volumesWithoutAUSBDeviceHaveNoBayAndSayWhy() throws {
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture)
            try bed.add(records: Self.massStorageRecords())
            let home = try Self.home()
            let gateway = Gateway(home: GatewayHome(root: home.url))
            let bays = try gateway.bays()
            let folder = try TempDirectory()

            // A plain folder: not a mount point (the disk it is on is not its device).
            let plain = folder.url.appendingPathComponent("plain")
            try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
            let none = VolumeOrigin.locate(plain, bays: bays)
            #expect(none.usbPortPath == nil && none.bay == nil && none.source == nil)
            #expect(none.unknownBecause?.contains("is not a mount point") == true, "\(none)")
            #expect(VolumeOrigin.arrival(plain, bays: bays) == Arrival(source: .volume(plain)))

            // An image mounted by hand: its source (fusefat names itself) is not a device.
            let image = try FATImage(at: folder.url.appendingPathComponent("card.img"))
            let byHand = try image.mount(at: folder.url.appendingPathComponent("byhand"))
            defer { try? byHand.unmount() }
            let hand = VolumeOrigin.locate(byHand.root, bays: bays)
            #expect(hand.source == "fusefat" && hand.usbPortPath == nil && hand.bay == nil, "\(hand)")
            #expect(hand.unknownBecause?.contains("is not a device") == true, "\(hand)")

            // A device sysfs does not have (gone, or a name the kernel does not know).
            let other = try FATImage(at: folder.url.appendingPathComponent("other.img"))
            let gone = try other.mount(at: folder.url.appendingPathComponent("sdc1"), source: "/dev/sdc1")
            defer { try? gone.unmount() }
            let missing = VolumeOrigin.locate(gone.root, bays: bays)
            #expect(missing.usbPortPath == nil && missing.unknownBecause?.contains("is not a block device") == true, "\(missing)")

            // A block device not on USB (a card reader on PCI: mmcblk0p1 under the MMC host).
            try bed.add(records: """
                P: /devices/pci0000:00/0000:00:1e.6/mmc_host/mmc0/mmc0:0001/block/mmcblk0
                N: mmcblk0
                E: SUBSYSTEM=block
                E: DEVTYPE=disk
                E: DEVNAME=/dev/mmcblk0

                P: /devices/pci0000:00/0000:00:1e.6/mmc_host/mmc0/mmc0:0001/block/mmcblk0/mmcblk0p1
                N: mmcblk0p1
                E: SUBSYSTEM=block
                E: DEVTYPE=partition
                E: DEVNAME=/dev/mmcblk0p1

                """)
            let reader = VolumeOrigin.locate(mountPoint: gone.root.path,
                                             mounts: [MountEntry(mountPoint: gone.root.resolvingSymlinksInPath().path,
                                                                 fileSystemType: "vfat", source: "/dev/mmcblk0p1")])
            #expect(reader.kernelName == "mmcblk0p1" && reader.usbPortPath == nil, "\(reader)")
            #expect(reader.unknownBecause == "mmcblk0p1 is not on a USB device", "\(reader)")
            withExtendedLifetime(bed) {}
        }
    }
}

/// Runs `body` in a task that a watchdog cancels if an awaited event never comes (a hang guard: the stream then
/// ends and the test fails on its expectations, not on a time).
func guarded<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let work = Task { try await body() }
    let watchdog = Task {
        try await Task.sleep(for: patience)
        work.cancel()
    }
    defer { watchdog.cancel() }
    return try await work.value
}
