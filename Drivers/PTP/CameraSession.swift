import DeviceKit
import Foundation
import USB

/// A session with a PTP camera or an MTP device (an Android recorder) at a USB port path: objects listed with
/// GetObjectInfo (and, on MTP, their 64-bit size and persistent identifier from GetObjectPropList or
/// GetObjectPropValue), read with GetObject or in pieces with GetPartialObject(64) (streamed to the core,
/// never hashed here; an interrupted read resumes where the sink's bytes end, see CameraSession+Read.swift),
/// deleted with DeleteObject; the clock through DateTime, the battery through BatteryLevel, storage through
/// GetStorageInfo, events from the interrupt endpoint. A recording's path is `STORAGE/filename` (the storage id
/// in 8 hex digits). What the device's DeviceInfo does not list is not supported.
public final class CameraSession: DeviceSession, @unchecked Sendable {
    // Sendable proof: everything is set in init and never changed, except the PTP session, `pins`, `eventLog`
    // and `interruptions`, which are used only under `lock` (the copy stage reads objects while a finishing
    // thread may delete one; a PTP session carries one transaction at a time). `stream`'s own counters live
    // on the calling thread.
    let lock = NSLock()
    private let context: USBContext
    let session: PTPSession
    let handles: [String: UInt32]
    /// What was listed of each object, by recording path: what a pin is made of.
    let listed: [String: ObjectPin]
    /// What `read` streamed, by recording path; guarded by `lock`.
    var pins: [String: ObjectPin] = [:]
    /// Events read from the interrupt endpoint, in order; guarded by `lock`.
    var eventLog: [PTPEvent] = []
    /// How the device's objects can be read in pieces (nil: only whole, with GetObject).
    public let partialReads: PartialReads?
    /// How many bytes one GetPartialObject(64) asks for.
    let pieceSize: UInt32
    /// How reads were interrupted and resumed or restarted; guarded by `lock` (for reports and tests).
    var interruptions: [Interruption] = []
    private let storages: [UInt32]
    private let listing: RecordingListing
    private let clock: CameraClock
    public let portPath: String
    public let info: PTPDeviceInfo
    public let identity: DeviceIdentity
    public let supported: DriverCapabilities
    /// The model table's quirks for the camera's VID:PID.
    public let quirks: DeviceQuirks

    /// Which operation reads part of an object.
    public enum PartialReads: Sendable, Equatable {
        /// GetPartialObject64 (0x95C1): any offset.
        case wide
        /// GetPartialObject (0x101B): offsets below 4 GiB.
        case narrow
    }

    /// One read that failed mid-object and what became of it.
    public struct Interruption: Sendable, Hashable {
        public var path: String
        /// The bytes the sink had taken when the transfer failed: where the read went on from.
        public var at: Int64
        /// True when the read went on from `at`; false when the device cannot read part of an object and the
        /// recording must be read again from its first byte.
        public var resumed: Bool
        public var cause: String
    }

    /// What identifies an object the device gave: it has no inodes, so its storage, handle, name, size and
    /// dates, from ObjectInfo, with MTP's 64-bit size and persistent identifier where the device has them.
    struct ObjectPin: Equatable {
        var storage: UInt32
        var handle: UInt32
        var filename: String
        var size: UInt64
        var captureDate: String
        var modificationDate: String
        var persistentID: [UInt8]?

        init(handle: UInt32, _ info: PTPObjectInfo, facts: MTPObjectFacts? = nil) {
            storage = info.storageID
            self.handle = handle
            filename = info.filename
            size = facts?.size ?? UInt64(info.compressedSize)
            captureDate = info.captureDate
            modificationDate = info.modificationDate
            persistentID = facts?.persistentID
        }
    }

    /// Opens the camera at `portPath`, opens a PTP session and lists every object of every storage whose
    /// extension names a recording (video, audio, photo: as on a volume); its dates are read in `zone`.
    /// `pieceSize` bounds one partial read (tests make it small to see many pieces).
    public init(portPath: String, zone: TimeZone, timeout: Duration = .seconds(5),
                pieceSize: UInt32 = 64 << 20) throws {
        self.pieceSize = max(pieceSize, 512)
        self.portPath = portPath
        do {
            context = try USBContext()
            guard let device = try context.devices().first(where: { $0.portPath == portPath }) else {
                throw DeviceSessionError(.notFound, call: "open", path: portPath, message: "no device at port \(portPath)")
            }
            let entry = PTPFamily.model(vendorID: device.vendorID, productID: device.productID)
            quirks = entry?.quirks ?? []
            session = try PTPSession(device: device, timeout: timeout)
            info = try session.deviceInfo()
            try session.openSession()
            supported = PTPFamily.supported(by: info)
            partialReads = info.isMTP && info.supports(operation: MTPOperation.getPartialObject64) ? .wide
                : info.supports(operation: PTPOperation.getPartialObject) ? .narrow : nil
            identity = DeviceIdentity(
                serial: PTPFamily.serial(deviceInfo: info, usbSerial: (try? device.strings().serialNumber) ?? nil),
                model: Self.model(info, entry: entry), profile: info.isMTP ? "mtp" : PTPFamily().name)
            clock = CameraClock(zone: zone)
            var handles: [String: UInt32] = [:]
            var listed: [String: ObjectPin] = [:]
            var recordings: [Recording] = []
            var skipped: [SkippedFile] = []
            storages = try session.storageIDs()
            for storage in storages {
                for handle in try session.objectHandles(storage: storage) {
                    let object = try session.objectInfo(handle)
                    guard object.objectFormat != 0x3001 else { continue }  // Association: a folder
                    let path = Self.hex8(storage) + "/" + object.filename
                    guard let kind = RecordingExtensions.standard.kind(ofFileName: object.filename) else {
                        skipped.append(SkippedFile(path: path, reason: .notARecording,
                                                   detail: "its name shows no recording (PTP objects are not read to tell)"))
                        continue
                    }
                    guard handles[path] == nil else {  // the same name in two folders: the first
                        skipped.append(SkippedFile(path: path, reason: .duplicateName,
                                                   detail: "another object on this storage has the same name (handle \(Self.hex8(handle)))"))
                        continue
                    }
                    let pin = ObjectPin(handle: handle, object, facts: try Self.facts(of: handle, object, session: session, info: info))
                    guard pin.size != 0xFFFF_FFFF || info.isMTP else {
                        skipped.append(SkippedFile(path: path, reason: .unreadable,
                                                   detail: "4 GiB or more, and the camera has no 64-bit ObjectSize property to tell its size"))
                        continue
                    }
                    handles[path] = handle
                    listed[path] = pin
                    recordings.append(Recording(
                        path: path, size: Int64(clamping: pin.size), kind: kind,
                        modified: Self.reading(object.modificationDate, zone: zone, source: .fileSystem),
                        nameStart: object.captureDate.isEmpty
                            ? nil : Self.reading(object.captureDate, zone: zone, source: .container)))
                }
            }
            self.handles = handles
            self.listed = listed
            listing = RecordingListing(recordings: recordings, skipped: skipped)
        } catch let error as USBError {
            throw DeviceSessionError(.io, call: "usb", path: portPath, message: "\(error)")
        } catch let error as PTPError {
            throw DeviceSessionError(.io, call: "ptp", path: portPath, message: "\(error)")
        }
    }

    /// `keepSessionOpen`: cameras that answer only errors after CloseSession keep theirs open.
    deinit {
        if !quirks.contains(.keepSessionOpen) { try? session.closeSession() }
    }

    public var driverName: String { PTPFamily().name }
    public var label: String { "camera:\(portPath)" }

    /// DeviceInfo's manufacturer and model. Only when the camera names neither is the model table's name
    /// taken, and not for a `sharedID` entry: its name is a family's, the camera could be any of it.
    public static func model(_ info: PTPDeviceInfo, entry: DeviceModel?) -> String {
        let own = [info.manufacturer, info.model].filter { !$0.isEmpty }.joined(separator: " ")
        guard own.isEmpty, let entry, !entry.quirks.contains(.sharedID) else { return own }
        return entry.name
    }

    /// The camera's rule (``PTPFamily/serial(deviceInfo:usbSerial:)``); a person's `--device` that names
    /// another is a conflict, and a camera that tells none takes the one named.
    public func serial(naming asked: String?) throws -> String {
        switch (identity.serial, asked) {
        case let (found?, asked?) where found != asked:
            throw DeviceSessionError(
                .deviceConflict, call: "identify", path: portPath,
                message: "the camera says device \(found) but --device names \(asked); check which camera this is")
        case let (found?, _):
            return found
        case let (nil, asked?):
            return asked
        case (nil, nil):
            throw DeviceSessionError(.invalidArgument, call: "identify", path: portPath,
                                     message: "the camera tells no serial number; name it with --device SERIAL")
        }
    }

    static func hex8(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - s.count)) + s
    }

    /// A PTP date as the camera wrote it, its wall-clock reading in `zone`.
    static func reading(_ text: String, zone: TimeZone, source: TimeSource) -> TimeReading {
        TimeReading(raw: text, local: PTPDateTime(text)?.localTime(in: zone), zone: zone, source: source)
    }

    func locked<T>(_ body: () throws(PTPError) -> T) throws(PTPError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Runs a PTP exchange under the lock; a PTP failure is told as the device operation `call` that failed.
    func exchange<T>(_ call: String, _ body: () throws(PTPError) -> T) throws -> T {
        do {
            return try locked(body)
        } catch {
            throw DeviceSessionError(.io, call: call, path: label, message: "\(error)")
        }
    }

    public func location(of recording: Recording) -> String { "\(portPath):\(recording.path)" }

    public func recordings() throws -> RecordingListing { listing }

    public func readClock() throws -> DeviceClockReading {
        try require(.readClock, to: "read the clock")
        let reading = try exchange("GetDevicePropValue(DateTime)") { () throws(PTPError) in try clock.read(session) }
        return DeviceClockReading(raw: reading.raw, deviceTime: reading.deviceTime, gatewayTime: reading.gatewayTime,
                                  uncertainty: reading.uncertainty)
    }

    public func setClock() throws -> LocalTimestamp {
        try require(.setClock, to: "set the clock")
        return try exchange("SetDevicePropValue(DateTime)") { () throws(PTPError) in try clock.set(session) }
    }

    /// BatteryLevel and every storage's GetStorageInfo, summed, as far as DeviceInfo lists them.
    /// Events queued on the interrupt endpoint are read first: a StoreFull among them is a fault.
    public func condition() throws -> DeviceCondition {
        try require([.battery, .storage], to: "report battery or storage")
        // A device whose interrupt endpoint fails still reports battery and storage; its events are not guessed.
        _ = try? events()
        var condition = try exchange("condition") { () throws(PTPError) -> DeviceCondition in
            var condition = DeviceCondition()
            if supported.contains(.battery) { condition.batteryPercent = try session.batteryLevel() }
            if supported.contains(.storage) {
                var total: UInt64 = 0
                var free: UInt64 = 0
                for storage in storages {
                    let info = try session.storageInfo(storage)
                    total += info.maxCapability
                    free += info.freeSpaceInBytes
                }
                condition.storageTotal = Int64(clamping: total)
                condition.storageFree = Int64(clamping: free)
            }
            return condition
        }
        condition.faults = eventFaults()
        return condition
    }

    /// Deletes the object only if ObjectInfo, read again right before DeleteObject, still describes the
    /// pinned object (storage, handle, name, size, dates). PTP has no conditional delete: the camera could
    /// change the object between the two operations, a window this cannot close.
    ///
    /// `deleteSendsEvent` is not read: events are read from the interrupt endpoint only when the session asks
    /// (``events()``), and an ObjectRemoved event left queued there does not hold up the bulk transfers.
    public func release(_ recording: Recording) throws -> ReleaseOutcome {
        try require(.deleteRecordings, to: "delete recordings")
        guard let pinned = lock.withLock({ pins[recording.path] }) else {
            return .skipped("not read or hashed in this run, so not known to be the stored bytes")
        }
        do {
            return try locked { () throws(PTPError) -> ReleaseOutcome in
                let info = try session.objectInfo(pinned.handle)
                let now = ObjectPin(handle: pinned.handle, info,
                                    facts: try Self.facts(of: pinned.handle, info, session: session, info: self.info))
                guard now == pinned else {
                    return .skipped("it changed on the camera since it was read (ObjectInfo differs)")
                }
                try session.deleteObject(pinned.handle)
                pins[recording.path] = nil
                return .released
            }
        } catch where error.responseCode == PTPResponse.invalidObjectHandle {
            return .skipped("it is gone from the camera")
        } catch {
            throw DeviceSessionError(.io, call: "DeleteObject", path: location(of: recording), message: "\(error)")
        }
    }
}
