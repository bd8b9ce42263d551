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
    // carries one transaction at a time), and `pins`, which locks itself.
    private let lock = NSLock()
    private let context: USBContext
    private let session: PTPSession
    private let handles: [String: UInt32]
    let portPath: String
    let info: PTPDeviceInfo
    let serial: String
    let recordings: [Recording]
    private let pins = SourcePins<Recording>()

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
            var recordings: [Recording] = []
            for storage in try session.storageIDs() {
                for handle in try session.objectHandles(storage: storage) {
                    let object = try session.objectInfo(handle)
                    guard object.objectFormat != 0x3001,  // Association: a folder
                          let kind = VolumeProfile.Extensions.standard.kind(ofFileName: object.filename)
                    else { continue }
                    let path = Self.hex8(storage) + "/" + object.filename
                    guard handles[path] == nil else { continue }  // the same name in two folders: the first
                    handles[path] = handle
                    recordings.append(Recording(
                        path: path, size: Int64(object.compressedSize), kind: kind,
                        modified: Self.reading(object.modificationDate, zone: zone, source: .fileSystem),
                        nameStart: object.captureDate.isEmpty
                            ? nil : Self.reading(object.captureDate, zone: zone, source: .container)))
                }
            }
            self.handles = handles
            self.recordings = recordings
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
        try read(recording, hasher: hasher, progress: progress) { bytes in
            var done = 0
            while done < bytes.count {
                let n = write(destination, bytes.baseAddress! + done, bytes.count - done)
                if n > 0 { done += n; continue }
                if n < 0 && errno == EINTR { continue }
                throw OffloadError.errno(n < 0 ? errno : ENOSPC, call: "write", path: destinationPath)
            }
        }
    }

    /// GetObject again, into the hasher only: the camera's bytes now, for a recording stored earlier.
    func digest(_ recording: Recording, algorithms: [DigestAlgorithm]) throws -> DigestSet {
        let hasher = MultiDigest(algorithms)
        _ = try read(recording, hasher: hasher, progress: nil, write: nil)
        return hasher.finalize()
    }

    /// Streams the object with GetObject into `hasher` (and `write`, when given), checks its byte count
    /// against ObjectInfo's and pins the object as read.
    private func read(_ recording: Recording, hasher: MultiDigest, progress: ((Int) -> Void)?,
                      write: ((UnsafeRawBufferPointer) throws -> Void)?) throws -> Int64 {
        let where_ = location(of: recording)
        guard recording.size < 0xFFFF_FFFF else {
            throw OffloadError(.readFailed, call: "GetObject", path: where_,
                               message: "objects of 4 GiB or more are not supported over PTP yet")
        }
        let handle = try handle(recording)
        var written = 0
        var writeError: (any Error)?
        let count: Int
        do {
            count = try locked { () throws(PTPError) -> Int in
                try session.getObject(handle) { chunk in
                    try chunk.withUnsafeBytes { bytes in
                        hasher.update(bytes)
                        do {
                            try write?(bytes)
                        } catch {
                            writeError = error
                            throw error
                        }
                    }
                    written += chunk.count
                    progress?(chunk.count)
                }
            }
        } catch {
            if let writeError { throw writeError }
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
        pins.pin(recording.path, recording)
        return Int64(count)
    }

    // Stand-in for the volume side's pinning (replaced at merge): the object read in this run, its
    // ObjectInfo size and modification date unchanged.
    func release(_ recording: Recording) throws -> ReleaseOutcome {
        guard pins.pinned(recording.path) != nil else { return .skipped("the object was not read in this run") }
        let handle = try handle(recording)
        do {
            let now = try locked { () throws(PTPError) in try session.objectInfo(handle) }
            guard Int64(now.compressedSize) == recording.size, now.modificationDate == recording.modified.raw else {
                return .skipped("the object changed on the camera since it was read")
            }
            try locked { () throws(PTPError) in try session.deleteObject(handle) }
            return .released
        } catch where error.responseCode == PTPResponse.invalidObjectHandle {
            return .skipped("the object is no longer on the camera")
        } catch {
            throw OffloadError(.io, call: "DeleteObject", path: location(of: recording), message: "\(error)")
        }
    }
}
