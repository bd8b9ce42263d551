import DeviceKit
import Digest
import Foundation
import MassStorageDriver
import PTPDriver
import USB
#if canImport(Glibc)
import Glibc
#endif

/// A PTP camera at a USB port path: objects listed with GetObjectInfo, read with GetObject, deleted with
/// DeleteObject. A recording's path is `STORAGE/filename` (the storage id in 8 hex digits).
final class CameraSource: RecordingSource, @unchecked Sendable {
    // Sendable proof: everything is set in init and never changed, except the session, which is used only
    // under `lock` (the copy stage reads objects while a finishing thread may delete one; a PTP session
    // carries one transaction at a time).
    private let lock = NSLock()
    private let context: USBContext
    private let session: PTPSession
    private let handles: [String: UInt32]
    /// ObjectInfo as listed, by recording path: what a pin is made of.
    private let listed: [String: PTPObjectInfo]
    /// What `copy` or `digest` read, by recording path; guarded by `lock`.
    private var pins: [String: ObjectPin] = [:]
    let portPath: String
    let info: PTPDeviceInfo
    let serial: String
    let recordings: [Recording]
    /// Objects that are not offloaded: not recordings by their extension, or a second object of one name.
    let skipped: [SkippedFile]

    /// What identifies an object the camera gave: it has no inodes, so its storage, handle, name, size and
    /// dates, from ObjectInfo.
    struct ObjectPin: Equatable {
        var storage: UInt32
        var handle: UInt32
        var filename: String
        var size: UInt32
        var captureDate: String
        var modificationDate: String

        init(handle: UInt32, _ info: PTPObjectInfo) {
            storage = info.storageID
            self.handle = handle
            filename = info.filename
            size = info.compressedSize
            captureDate = info.captureDate
            modificationDate = info.modificationDate
        }
    }

    /// Opens the camera at `portPath`, opens a PTP session and lists every object of every storage whose
    /// extension names a recording (video, audio, photo: as on a volume); its dates are read in `zone`.
    init(portPath: String, zone: TimeZone, timeout: Duration = .seconds(5)) throws {
        self.portPath = portPath
        do {
            context = try USBContext()
            guard let device = try context.devices().first(where: { $0.portPath == portPath }) else {
                throw OffloadError(.notFound, call: "open", path: portPath, message: "no device at port \(portPath)")
            }
            session = try PTPSession(device: device, timeout: timeout)
            info = try session.deviceInfo()
            try session.openSession()
            let own = info.serialNumber.trimmingCharacters(in: .whitespaces)
            serial = own.isEmpty ? ((try? session.device.strings().serialNumber) ?? nil ?? "") : own
            guard !serial.isEmpty else {
                throw OffloadError(.invalidArgument, call: "identify", path: portPath,
                                   message: "the camera tells no serial number")
            }
            var handles: [String: UInt32] = [:]
            var listed: [String: PTPObjectInfo] = [:]
            var recordings: [Recording] = []
            var skipped: [SkippedFile] = []
            for storage in try session.storageIDs() {
                for handle in try session.objectHandles(storage: storage) {
                    let object = try session.objectInfo(handle)
                    guard object.objectFormat != 0x3001 else { continue }  // Association: a folder
                    let path = Self.hex8(storage) + "/" + object.filename
                    guard let kind = VolumeProfile.Extensions.standard.kind(ofFileName: object.filename) else {
                        skipped.append(SkippedFile(path: path, reason: .notARecording,
                                                   detail: "its name shows no recording (PTP objects are not read to tell)"))
                        continue
                    }
                    guard handles[path] == nil else {  // the same name in two folders: the first
                        skipped.append(SkippedFile(path: path, reason: .duplicateName,
                                                   detail: "another object on this storage has the same name (handle \(Self.hex8(handle)))"))
                        continue
                    }
                    handles[path] = handle
                    listed[path] = object
                    recordings.append(Recording(
                        path: path, size: Int64(object.compressedSize), kind: kind,
                        modified: Self.reading(object.modificationDate, zone: zone, source: .fileSystem),
                        nameStart: object.captureDate.isEmpty
                            ? nil : Self.reading(object.captureDate, zone: zone, source: .container)))
                }
            }
            self.handles = handles
            self.listed = listed
            self.recordings = recordings
            self.skipped = skipped
        } catch let error as USBError {
            throw OffloadError(.io, call: "usb", path: portPath, message: "\(error)")
        } catch let error as PTPError {
            throw OffloadError(.io, call: "ptp", path: portPath, message: "\(error)")
        }
    }

    deinit { try? session.closeSession() }

    var model: String { [info.manufacturer, info.model].filter { !$0.isEmpty }.joined(separator: " ") }

    static func hex8(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - s.count)) + s
    }

    /// A PTP date as the camera wrote it, its wall-clock reading in `zone`.
    static func reading(_ text: String, zone: TimeZone, source: TimeSource) -> TimeReading {
        TimeReading(raw: text, local: PTPDateTime(text)?.localTime(in: zone), zone: zone, source: source)
    }

    private func locked<T>(_ body: () throws(PTPError) -> T) throws(PTPError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func location(of recording: Recording) -> String { "\(portPath):\(recording.path)" }

    private func handle(_ recording: Recording) throws -> UInt32 {
        guard let handle = handles[recording.path] else {
            throw OffloadError(.notFound, call: "copy", path: location(of: recording), message: "not listed on the camera")
        }
        return handle
    }

    func copy(_ recording: Recording, to destination: Int32, destinationPath: String, hasher: MultiDigest,
              progress: ((Int) -> Void)?) throws -> Int64 {
        var writeError: OffloadError?
        return try stream(recording, hasher: hasher, progress: progress, failure: { writeError }) { bytes in
            var done = 0
            while done < bytes.count {
                let n = write(destination, bytes.baseAddress! + done, bytes.count - done)
                if n > 0 { done += n; continue }
                if n < 0 && errno == EINTR { continue }
                let error = OffloadError.errno(n < 0 ? errno : ENOSPC, call: "write", path: destinationPath)
                writeError = error
                throw error
            }
        }
    }

    /// GetObject streamed into the hasher only.
    func digest(_ recording: Recording, algorithms: [DigestAlgorithm]) throws -> DigestSet {
        let hasher = MultiDigest(algorithms)
        _ = try stream(recording, hasher: hasher, progress: nil, failure: { nil }) { _ in }
        return hasher.finalize()
    }

    /// Streams the object with GetObject into `hasher` and `sink`, checks its byte count against ObjectInfo
    /// and pins the object. `failure` is the sink's own error, thrown instead of the PTP error it caused.
    private func stream(_ recording: Recording, hasher: MultiDigest, progress: ((Int) -> Void)?,
                        failure: () -> OffloadError?, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        let where_ = location(of: recording)
        guard recording.size < 0xFFFF_FFFF else {
            throw OffloadError(.readFailed, call: "GetObject", path: where_,
                               message: "objects of 4 GiB or more are not supported over PTP yet")
        }
        let handle = try handle(recording)
        lock.withLock { pins[recording.path] = nil }
        var written = 0
        let count: Int
        do {
            count = try locked { () throws(PTPError) -> Int in
                try session.getObject(handle) { chunk in
                    try chunk.withUnsafeBytes { bytes in
                        hasher.update(bytes)
                        try sink(bytes)
                    }
                    written += chunk.count
                    progress?(chunk.count)
                }
            }
        } catch {
            if let sinkError = failure() { throw sinkError }
            // A session wedged by a failed transfer is reset, so the next object can still be read; a camera
            // that is gone fails this at once.
            lock.lock()
            if (try? session.reset()) != nil { try? session.openSession() }
            lock.unlock()
            throw OffloadError(.readFailed, call: "GetObject", path: where_, message: "\(error)")
        }
        guard Int64(count) == recording.size, written == count else {
            throw OffloadError(.sourceChanged, call: "GetObject", path: where_,
                               message: "the camera sent \(count) bytes where ObjectInfo says \(recording.size)")
        }
        if let object = listed[recording.path] {
            lock.withLock { pins[recording.path] = ObjectPin(handle: handle, object) }
        }
        return Int64(count)
    }

    /// Deletes the object only if ObjectInfo, read again right before DeleteObject, still describes the
    /// pinned object (storage, handle, name, size, dates). PTP has no conditional delete: the camera could
    /// change the object between the two operations, a window this cannot close.
    func release(_ recording: Recording) throws -> ReleaseOutcome {
        guard let pinned = lock.withLock({ pins[recording.path] }) else {
            return .skipped("not read or hashed in this run, so not known to be the stored bytes")
        }
        do {
            return try locked { () throws(PTPError) -> ReleaseOutcome in
                let now = ObjectPin(handle: pinned.handle, try session.objectInfo(pinned.handle))
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
            throw OffloadError(.io, call: "DeleteObject", path: location(of: recording), message: "\(error)")
        }
    }
}
