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
    /// The PTP driver speaking MTP through real libusb to an emulated Android recorder: 64-bit sizes, partial
    /// reads, reads interrupted and resumed, events; libmtp's own tools as the outside judge.
    @Suite struct MTPDevice {
        static let port = MTPDock.port
        static let binary = PTPCamera.binary
        static let big = EmulatedMTPDevice.Object(handle: 0x31, filename: "VID_20261204_070000.mp4", date: "20261204T070000",
                                                  size: 4_831_838_208 + 5)  // 4.5 GiB and 5 bytes
        static let huge = EmulatedMTPDevice.Object(handle: 0x32, filename: "VID_20261204_080000.mp4", date: "20261204T080000",
                                                   size: (5 << 30) + 3)

        /// Reads a recording through the session into memory, as the offload's sink takes it.
        static func read(_ session: CameraSession, _ recording: Recording) throws -> [UInt8] {
            guard case .stream(let stream) = try session.read(recording) else {
                throw TestSupportError("a stream was expected")
            }
            var bytes: [UInt8] = []
            let count = try stream.send { bytes += $0 }
            #expect(count == Int64(bytes.count))
            return bytes
        }

        static func sha256(_ bytes: [UInt8], in folder: TempDirectory) throws -> String {
            let file = folder.url.appendingPathComponent(UUID().uuidString)
            try Data(bytes).write(to: file)
            return String(try runChecked("openssl", ["dgst", "-sha256", "-r", file.path]).stdout.prefix(64))
        }

        @Test func sixtyFourBitSizesAreListedRight() throws {
            let device = EmulatedMTPDevice(objects: EmulatedMTPDevice.sampleObjects + [Self.big, Self.huge])
            try MTPDock.with(device) { _, _ in
                let session = try CameraSession(portPath: Self.port, zone: MTPDock.zone)
                #expect(session.info.isMTP)
                #expect(session.identity.serial == "ZF20260001" && session.identity.profile == "mtp")
                #expect(session.partialReads == .wide)
                let listing = try session.recordings()
                let sizes = Dictionary(uniqueKeysWithValues: listing.recordings.map { ($0.path.split(separator: "/").last.map(String.init) ?? "", $0.size) })
                #expect(sizes["VID_20261204_070000.mp4"] == Int64(Self.big.size))
                #expect(sizes["VID_20261204_080000.mp4"] == Int64(Self.huge.size))
                #expect(sizes["VID_20261203_081500.mp4"] == 700_001)
                #expect(listing.skipped.map(\.path) == ["00010001/notes.txt"])
                // The 32-bit field says 0xFFFFFFFF; the size came from the 64-bit property.
                #expect(device.operations.contains(MTPOperation.getObjectPropList))
            }
        }

        @Test func aPieceBeyondFourGiBIsReadAtItsOffset() throws {
            let device = EmulatedMTPDevice(objects: [Self.big])
            try MTPDock.with(device) { _, context in
                let session = try PTPSession(device: try context.devices().at(Self.port))
                #expect(try session.deviceInfo().isMTP)
                try session.openSession()
                let list = try session.objectPropList(Self.big.handle)
                #expect(MTPObjectFacts(list, handle: Self.big.handle).size == Self.big.size)
                #expect(MTPObjectFacts(list, handle: Self.big.handle).persistentID == Self.big.persistentID)
                let size = try session.objectPropValue(Self.big.handle, MTPObjectProperty.objectSize, type: PTPDataType.uint64)
                #expect(size == .unsigned(Self.big.size))
                #expect(try session.objectInfo(Self.big.handle).compressedSize == 0xFFFF_FFFF)
                // The last 70 000 bytes, past 4.5 GiB: the offset's high word is carried.
                let start = Self.big.size - 70_000
                var piece: [UInt8] = []
                let got = try session.partialObject(Self.big.handle, offset: start, count: 100_000, wide: true) { piece += $0 }
                #expect(got == 70_000 && piece == Self.big.bytes(start..<Self.big.size))
                #expect(device.sent.map(\.range.lowerBound).first == start)
            }
        }

        /// A stall in the middle of an object: the session clears the halt, resets, opens the session again,
        /// checks the object is the one listed, and goes on from the first byte the sink did not take. The
        /// emulator counts every byte it sent: none before the stall point twice, and with a stall none in
        /// flight (the stalled read carries no data).
        @Test func aStalledTransferResumesFromTheLastByteHashed() throws {
            let device = EmulatedMTPDevice()
            let clip = EmulatedMTPDevice.sampleObjects[0]
            let point: UInt64 = 300_000
            device.interrupt(clip.handle, at: point, .stall)
            let scratch = try TempDirectory()
            try MTPDock.with(device) { _, _ in
                let session = try CameraSession(portPath: Self.port, zone: MTPDock.zone)
                let recording = try #require(try session.recordings().recordings.first { $0.path.hasSuffix(clip.filename) })
                let bytes = try Self.read(session, recording)
                let wanted = try Self.sha256(clip.allBytes, in: scratch)
                #expect(try Self.sha256(bytes, in: scratch) == wanted)
                #expect(device.resent(clip.handle, below: point) == 0)
                #expect(device.bytesSent(clip.handle) == clip.size, "bytes in flight: \(Int64(device.bytesSent(clip.handle)) - Int64(clip.size))")
                let interruption = try #require(session.readInterruptions.first)
                #expect(session.readInterruptions.count == 1 && interruption.resumed)
                // Resumed below the stall point, within one 16 KiB read of it.
                #expect(interruption.at <= Int64(point) && interruption.at > Int64(point) - 16 * 1024, "\(interruption)")
                #expect(device.clearHalts.contains(EmulatedMTPDevice.bulkIn) && device.resets == 1)
                // The broken-off transaction was cancelled by its id: the read's, the last before the resumption.
                #expect(device.cancelled.count == 1, "\(device.cancelled)")
                #expect(device.operations.filter { $0 == MTPOperation.getPartialObject64 }.count == 2)
            }
        }

        /// A device that goes silent mid-object: the read times out, and the session resumes as after a stall.
        @Test func aSilentTransferTimesOutAndResumes() throws {
            let device = EmulatedMTPDevice()
            let clip = EmulatedMTPDevice.sampleObjects[0]
            device.interrupt(clip.handle, at: 500_000, .silence)
            try MTPDock.with(device) { _, _ in
                let session = try CameraSession(portPath: Self.port, zone: MTPDock.zone, timeout: .seconds(2))
                let recording = try #require(try session.recordings().recordings.first { $0.path.hasSuffix(clip.filename) })
                let bytes = try Self.read(session, recording)
                #expect(bytes == clip.allBytes)
                #expect(device.resent(clip.handle, below: 500_000) == 0 && device.bytesSent(clip.handle) == clip.size)
                #expect(session.readInterruptions.map(\.resumed) == [true])
                #expect(session.readInterruptions.first?.cause.contains("TIMEOUT") == true, "\(session.readInterruptions)")
            }
        }

        /// A device that gives up mid-data and sends its response where the data was due: those bytes end the
        /// transfer early and are never handed on as the object's, so the resumed read is the object exactly.
        @Test func aResponseInTheDataIsNotTakenForTheObjectsBytes() throws {
            let device = EmulatedMTPDevice()
            let clip = EmulatedMTPDevice.sampleObjects[0]
            device.interrupt(clip.handle, at: 444_444, .errorResponse)
            try MTPDock.with(device) { _, _ in
                let session = try CameraSession(portPath: Self.port, zone: MTPDock.zone)
                let recording = try #require(try session.recordings().recordings.first { $0.path.hasSuffix(clip.filename) })
                let bytes = try Self.read(session, recording)
                #expect(bytes.count == clip.allBytes.count && bytes == clip.allBytes)
                #expect(session.readInterruptions.map(\.resumed) == [true])
                #expect(session.readInterruptions.first?.cause.contains("ended after") == true, "\(session.readInterruptions)")
                #expect(device.resent(clip.handle, below: 444_444) == 0)
            }
        }

        /// Small pieces: many GetPartialObject64 transactions, the interruption in a later one.
        @Test func anObjectReadInPiecesResumesInsideAPiece() throws {
            let device = EmulatedMTPDevice()
            let clip = EmulatedMTPDevice.sampleObjects[0]
            device.interrupt(clip.handle, at: 650_000, .stall)
            try MTPDock.with(device) { _, _ in
                let session = try CameraSession(portPath: Self.port, zone: MTPDock.zone, pieceSize: 64 * 1024)
                let recording = try #require(try session.recordings().recordings.first { $0.path.hasSuffix(clip.filename) })
                #expect(try Self.read(session, recording) == clip.allBytes)
                #expect(device.resent(clip.handle, below: 650_000) == 0 && device.bytesSent(clip.handle) == clip.size)
                // Nine whole pieces of 64 KiB, the tenth interrupted (it holds byte 650 000), and one piece from
                // where it broke, which reaches the end (700 001).
                #expect(device.operations.filter { $0 == MTPOperation.getPartialObject64 }.count == 11)
                let resumed = try #require(session.readInterruptions.first)
                #expect(resumed.at > 9 * 65_536 && resumed.at <= 650_000, "\(resumed)")
            }
        }

        /// A PTP camera (no MTP) with GetPartialObject (32-bit offsets): read in pieces and resumed the same way.
        @Test func aPTPCameraWithGetPartialObjectResumesToo() throws {
            let camera = EmulatedMTPDevice(speaksMTP: false)
            let clip = EmulatedMTPDevice.sampleObjects[0]
            camera.interrupt(clip.handle, at: 123_456, .stall)
            try MTPDock.with(camera) { _, _ in
                let session = try CameraSession(portPath: Self.port, zone: MTPDock.zone)
                #expect(!session.info.isMTP && session.partialReads == .narrow && session.identity.profile == "ptp")
                let recording = try #require(try session.recordings().recordings.first { $0.path.hasSuffix(clip.filename) })
                #expect(try Self.read(session, recording) == clip.allBytes)
                #expect(camera.resent(clip.handle, below: 123_456) == 0 && camera.bytesSent(clip.handle) == clip.size)
                #expect(camera.operations.contains(PTPOperation.getPartialObject))
                #expect(!camera.operations.contains(MTPOperation.getPartialObject64))
                #expect(!camera.operations.contains(MTPOperation.getObjectPropList))
            }
        }

        /// A PTP camera's object of 4 GiB or more (ObjectInfo's 0xFFFFFFFF) without MTP's size property is
        /// listed as unreadable, never read short.
        @Test func aPTPObjectOfFourGiBWithoutTheSizePropertyIsListedUnreadable() throws {
            let camera = EmulatedMTPDevice(objects: EmulatedMTPDevice.sampleObjects + [Self.big], speaksMTP: false)
            try MTPDock.with(camera) { _, _ in
                let listing = try CameraSession(portPath: Self.port, zone: MTPDock.zone).recordings()
                #expect(!listing.recordings.contains { $0.path.hasSuffix(Self.big.filename) })
                let skipped = try #require(listing.skipped.first { $0.path.hasSuffix(Self.big.filename) })
                #expect(skipped.reason == .unreadable && skipped.detail.contains("4 GiB"), "\(skipped)")
            }
        }

        /// Pulled out in the middle of an object (the emulator goes silent at the chosen byte, the test unplugs it
        /// while the host waits) and docked again: the session that was reading fails the object at once, nothing
        /// is pinned for release, and a session on the device back in its bay reads it whole.
        @Test func aRecorderPulledMidObjectAndDockedAgainIsReadWholeByTheNextSession() throws {
            let device = EmulatedMTPDevice()
            let clip = EmulatedMTPDevice.sampleObjects[0]
            device.interrupt(clip.handle, at: 250_000, .silence)
            let bed = try EmulatedUSB()
            try bed.add(records: try MTPDock.records(), responders: [Self.port: device])
            try withExtendedLifetime(bed) {
                let session = try CameraSession(portPath: Self.port, zone: MTPDock.zone, timeout: .seconds(60))
                let recording = try #require(try session.recordings().recordings.first { $0.path.hasSuffix(clip.filename) })
                let pulled = pullDuringTransfer(bed, Self.port)
                let error = #expect(throws: DeviceSessionError.self) { try Self.read(session, recording) }
                #expect(pulled(), "the pull did not land during a transfer")
                #expect(error?.code == .readFailed && error?.message.contains("could not be recovered") == true,
                        "\(String(describing: error))")
                #expect(try session.release(recording) == .skipped("not read or hashed in this run, so not known to be the stored bytes"))
                #expect(device.objects.contains { $0.handle == clip.handle })

                device.powerCycle()
                try bed.add(records: try MTPDock.deviceRecords(), responders: [Self.port: device])
                #expect(eventually { bed.isPresent(Self.port) })
                let again = try CameraSession(portPath: Self.port, zone: MTPDock.zone)
                let back = try #require(try again.recordings().recordings.first { $0.path.hasSuffix(clip.filename) })
                #expect(try Self.read(again, back) == clip.allBytes)
            }
        }

        /// Without partial reads the interrupted object cannot go on: the session says the recording must be
        /// read again from its first byte.
        @Test func withoutPartialReadsAnInterruptedObjectMustRestart() throws {
            let device = EmulatedMTPDevice(partialReads: false)
            let clip = EmulatedMTPDevice.sampleObjects[0]
            device.interrupt(clip.handle, at: 200_000, .stall)
            try MTPDock.with(device) { _, _ in
                let session = try CameraSession(portPath: Self.port, zone: MTPDock.zone)
                #expect(session.partialReads == nil)
                let recording = try #require(try session.recordings().recordings.first { $0.path.hasSuffix(clip.filename) })
                let error = #expect(throws: DeviceSessionError.self) { try Self.read(session, recording) }
                #expect(error?.code == .interrupted)
                #expect(error?.message.contains("read again from its first byte") == true, "\(String(describing: error))")
                #expect(session.readInterruptions.map(\.resumed) == [false])
                // The session was recovered: the next read is whole.
                #expect(try Self.read(session, recording) == clip.allBytes)
            }
        }

        /// The offload (the `recgate` binary) restarts such a recording and stores it whole; the emulator sent
        /// its first bytes twice.
        @Test func aDeviceWithoutPartialReadsRestartsTheRecordingInTheOffload() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let device = EmulatedMTPDevice(partialReads: false)
            let clip = EmulatedMTPDevice.sampleObjects[0]
            device.interrupt(clip.handle, at: 200_000, .stall)
            let home = try TempDirectory()
            let scratch = try TempDirectory()
            let out = try MTPDock.with(device) { _, _ in
                try run(Self.binary, ["offload", "--camera", Self.port, "--json", "--home", home.url.path])
            }
            #expect(out.status == 0, "\(out.stdout) \(out.stderr)")
            let report = try #require(try? JSONDecoder().decode(CameraOffload.Report.self, from: Data(out.stdout.utf8)), "\(out.stdout)")
            let stored = try #require(report.clips.first { $0.path.hasSuffix(clip.filename) })
            let wanted = try Self.sha256(clip.allBytes, in: scratch)
            #expect(stored.status == "stored" && stored.sha256 == wanted, "\(stored)")
            #expect(device.sent.filter { $0.handle == clip.handle && $0.range.lowerBound == 0 }.count == 2)
            #expect(device.resets >= 1)
        }

        /// A device that breaks off every read of an object and cannot resume: the offload reads it from its first
        /// byte three times, then fails it saying so; the other recordings are stored, nothing unstored deleted.
        @Test func aRecordingThatBreaksOffEveryTimeFailsAfterItsRestarts() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let device = EmulatedMTPDevice(partialReads: false)
            let clip = EmulatedMTPDevice.sampleObjects[0]
            device.interruptEveryRead(clip.handle, at: 100_000)
            let home = try TempDirectory()
            let out = try MTPDock.with(device) { _, _ in
                try run(Self.binary, ["offload", "--camera", Self.port, "--json", "--home", home.url.path, "--release"])
            }
            #expect(out.status == 1, "\(out.stdout) \(out.stderr)")
            let report = try #require(try? JSONDecoder().decode(CameraOffload.Report.self, from: Data(out.stdout.utf8)), "\(out.stdout)")
            let failed = try #require(report.clips.first { $0.path.hasSuffix(clip.filename) })
            #expect(failed.status == "failed" && failed.released != true, "\(failed)")
            #expect(failed.error?.contains("read 3 times from its first byte, each broke off") == true, "\(failed)")
            #expect(device.sent.filter { $0.handle == clip.handle && $0.range.lowerBound == 0 }.count == 3)
            #expect(device.objects.map(\.filename) == [clip.filename, "notes.txt"])
        }

        /// End to end through the offload: a stall mid-object, the stored digest equal to openssl's of the
        /// device's bytes, no byte before the stall sent twice.
        @Test func anInterruptedOffloadStoresOpensslsDigest() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let device = EmulatedMTPDevice()
            let clip = EmulatedMTPDevice.sampleObjects[0]
            device.interrupt(clip.handle, at: 400_000, .stall)
            let home = try TempDirectory()
            let scratch = try TempDirectory()
            let out = try MTPDock.with(device) { _, _ in
                try run(Self.binary, ["offload", "--camera", Self.port, "--json", "--home", home.url.path, "--release"])
            }
            #expect(out.status == 0, "\(out.stdout) \(out.stderr)")
            let report = try #require(try? JSONDecoder().decode(CameraOffload.Report.self, from: Data(out.stdout.utf8)), "\(out.stdout)")
            let recordings = EmulatedMTPDevice.sampleObjects.filter { $0.filename.hasSuffix(".mp4") }
            #expect(report.clips.count == recordings.count)
            for object in recordings {
                let stored = try #require(report.clips.first { $0.path.hasSuffix(object.filename) })
                #expect(stored.status == "stored" && stored.released == true, "\(stored)")
                let wanted = try Self.sha256(object.allBytes, in: scratch)
                #expect(stored.sha256 == wanted)
            }
            #expect(device.resent(clip.handle, below: 400_000) == 0 && device.bytesSent(clip.handle) == clip.size)
            // Verified objects deleted; the note (not a recording) stays.
            #expect(device.objects.map(\.filename) == ["notes.txt"])
        }

        @Test func storeFullIsAFaultAndEventsAreParsed() throws {
            let device = EmulatedMTPDevice()
            try MTPDock.with(device) { _, _ in
                let session = try CameraSession(portPath: Self.port, zone: MTPDock.zone)
                #expect(try session.condition().faults.isEmpty)
                device.post(event: PTPEventCode.devicePropChanged, parameters: [0x5001])
                device.add(EmulatedMTPDevice.Object(handle: 0x40, filename: "VID_20261204_100000.mp4", date: "20261204T100000", size: 1000))
                device.post(event: PTPEventCode.storeFull, parameters: [device.storageID])
                let condition = try session.condition()
                #expect(condition.faults == ["store_full: storage 00010001 is full (StoreFull event)"])
                #expect(condition.storageTotal == Int64(device.storageCapacity) && condition.batteryPercent == 71)
                let used = device.objects.reduce(UInt64(0)) { $0 + $1.size }
                #expect(condition.storageFree == Int64(device.storageCapacity - used))
                #expect(session.eventsSeen.map(\.meaning) == [.devicePropChanged(property: 0x5001), .objectAdded(handle: 0x40),
                                                             .storeFull(storage: device.storageID)])
            }
        }

        @Test func theClockIsReadAndSetThroughDateTime() throws {
            let device = EmulatedMTPDevice(clock: "20261204T083000")
            try MTPDock.with(device) { _, _ in
                let session = try CameraSession(portPath: Self.port, zone: MTPDock.zone)
                #expect(try session.readClock().raw == "20261204T083000")
                let written = try session.setClock()
                #expect(device.clockSets.count == 1)
                #expect(try session.readClock().deviceTime == written)
            }
            let without = EmulatedMTPDevice(hasDateTime: false)
            try MTPDock.with(without) { _, _ in
                let session = try CameraSession(portPath: Self.port, zone: MTPDock.zone)
                #expect(!session.supported.contains(.readClock))
                #expect(throws: DeviceSessionError.self) { try session.readClock() }
            }
        }

        /// `USBDeviceHandle.clearHalt` sends CLEAR_FEATURE(ENDPOINT_HALT) for the endpoint named (the device
        /// sees which), un-halting a stalled endpoint; on a device that is gone it is `.noDevice`.
        @Test func clearHaltReachesTheEndpointAndAGoneDeviceIsNoDevice() throws {
            let device = EmulatedMTPDevice()
            let clip = EmulatedMTPDevice.sampleObjects[1]
            device.interrupt(clip.handle, at: 0, .stall)
            try MTPDock.with(device) { bed, context in
                let session = try PTPSession(device: try context.devices().at(Self.port))
                try session.openSession()
                let stalled = #expect(throws: PTPError.self) { try session.getObject(clip.handle) { _ in } }
                #expect(stalled?.usbError?.code == .pipe && device.isHalted)
                let handle = try context.devices().at(Self.port).open()
                try handle.clearHalt(endpoint: EmulatedMTPDevice.bulkIn)
                #expect(device.clearHalts == [EmulatedMTPDevice.bulkIn] && !device.isHalted)
                try bed.unplug(Self.port)
                let gone = #expect(throws: USBError.self) { try handle.clearHalt(endpoint: 0x02) }
                #expect(gone?.code == .noDevice)
            }
        }

        // MARK: libmtp as the judge

        /// libmtp's `mtp-files` lists the emulated device's files with their names and 64-bit sizes, and
        /// `mtp-getfile` fetches each with the same bytes: the tools run as child processes under the testbed.
        @Test func libmtpListsAndFetchesTheSameFiles() throws {
            try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/mtp-files"), "mtp-tools is not installed (make deps)")
            let device = EmulatedMTPDevice(objects: EmulatedMTPDevice.sampleObjects + [Self.big])
            let scratch = try TempDirectory()
            try MTPDock.with(device) { _, _ in
                let files = try run("mtp-files", [])
                #expect(files.status == 0, "\(files.stdout) \(files.stderr)")
                for object in device.objects {
                    #expect(files.stdout.contains("File ID: \(object.handle)"), "\(files.stdout) \(files.stderr)")
                    #expect(files.stdout.contains("Filename: \(object.filename)"), "\(files.stdout)")
                    #expect(files.stdout.contains("File size \(object.size) (0x"), "\(files.stdout)")
                }
                // The small ones are fetched (the 4.5 GiB one is listed only: its bytes would take minutes).
                for object in device.objects where object.size < 1 << 20 {
                    let target = scratch.url.appendingPathComponent(object.filename).path
                    let get = try run("mtp-getfile", [String(object.handle), target])
                    #expect(get.status == 0, "\(get.stdout) \(get.stderr)")
                    #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data(object.allBytes), "\(object.filename)")
                }
            }
        }
    }
}

extension Emulated.MTPDevice {
    struct ConditionReport: Decodable {
        struct Device: Decodable {
            struct Condition: Decodable { var faults: [String]? }
            var serial: String
            var profile: String
            var condition: Condition?
        }
        var device: Device
    }

    /// The offload's report tells the StoreFull the recorder sent as a fault of its condition.
    @Test func theOffloadReportTellsStoreFull() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
        let device = EmulatedMTPDevice()
        device.post(event: PTPEventCode.storeFull, parameters: [device.storageID])
        let home = try TempDirectory()
        let out = try MTPDock.with(device) { _, _ in
            try run(Self.binary, ["offload", "--camera", Self.port, "--json", "--home", home.url.path])
        }
        #expect(out.status == 0, "\(out.stdout) \(out.stderr)")
        let report = try #require(try? JSONDecoder().decode(ConditionReport.self, from: Data(out.stdout.utf8)), "\(out.stdout)")
        #expect(report.device.serial == "ZF20260001" && report.device.profile == "mtp")
        #expect(report.device.condition?.faults == ["store_full: storage 00010001 is full (StoreFull event)"], "\(out.stdout)")
    }
}
