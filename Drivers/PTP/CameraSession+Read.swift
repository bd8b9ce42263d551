import DeviceKit
import Foundation

extension CameraSession {
    /// How many times one object's read may be interrupted and resumed before the read fails.
    static let maxResumes = 8

    func handle(_ recording: Recording) throws -> UInt32 {
        guard let handle = handles[recording.path] else {
            throw DeviceSessionError(.notFound, call: "copy", path: location(of: recording), message: "not listed on the camera")
        }
        return handle
    }

    public func read(_ recording: Recording) throws -> RecordingBytes {
        try require(.readRecordings, to: "read recordings")
        return .stream(RecordingStream { sink in try self.stream(recording, to: sink) })
    }

    /// How a read went, for tests and reports: every interruption, in order.
    public var readInterruptions: [Interruption] { lock.withLock { interruptions } }

    /// Streams the object into `sink`, checks its byte count against the listing and pins the object. An
    /// error of the sink is thrown as it is.
    ///
    /// With partial reads (GetPartialObject64 on MTP, GetPartialObject on PTP) the object is read in pieces
    /// of ``pieceSize``; a piece that fails mid-transfer (stall, timeout, an error of the device) is not
    /// retried as a whole: the session is recovered (``PTPSession/recover(attempts:)``), the object checked to
    /// be the one listed, and the read goes on from the first byte the sink has not taken. No byte the sink
    /// took is asked for again. Without partial reads the object is read with GetObject, and an interrupted
    /// one must be read again from its first byte: ``DeviceSessionError/Code/interrupted`` says so.
    private func stream(_ recording: Recording, to sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        // The sink is kept by the piece handler only for this call.
        try withoutActuallyEscaping(sink) { sink in try stream(recording, handing: sink) }
    }

    private func stream(_ recording: Recording, handing sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws
        -> Int64
    {
        let where_ = location(of: recording)
        let handle = try handle(recording)
        guard let listedPin = listed[recording.path] else {
            throw DeviceSessionError(.notFound, call: "copy", path: where_, message: "not listed on the camera")
        }
        let size = listedPin.size
        if partialReads == nil, size > UInt64(UInt32.max) - UInt64(PTPContainer.headerLength) {
            throw DeviceSessionError(.readFailed, call: "GetObject", path: where_,
                                     message: "objects of 4 GiB or more need GetPartialObject64, which this device does not list")
        }
        if partialReads == .narrow, size > UInt64(UInt32.max) {
            throw DeviceSessionError(.readFailed, call: "GetPartialObject", path: where_,
                                     message: "objects of 4 GiB or more need GetPartialObject64, which this device does not list")
        }
        lock.withLock { pins[recording.path] = nil }
        var written: UInt64 = 0
        var sinkError: (any Error)?
        let deliver: (ArraySlice<UInt8>) throws -> Void = { chunk in
            try chunk.withUnsafeBytes { bytes in
                do {
                    try sink(bytes)
                } catch {
                    sinkError = error
                    throw error
                }
            }
            written += UInt64(chunk.count)
        }
        var resumes = 0
        while true {
            do {
                try locked { () throws(PTPError) in
                    if let mode = partialReads {
                        while written < size {
                            let count = UInt32(min(UInt64(pieceSize), size - written))
                            let got = try session.partialObject(handle, offset: written, count: count, wide: mode == .wide,
                                                                to: deliver)
                            guard got > 0 else {
                                throw PTPError(.shortData, operation: "GetPartialObject", message:
                                    "no bytes at offset \(written) of \(size): the object is shorter than listed")
                            }
                        }
                    } else {
                        try session.getObject(handle, to: deliver)
                    }
                }
                break
            } catch {
                if let sinkError { throw sinkError }
                let cause = "\(error)"
                // A refusal (a response code) or an object shorter than listed is the device's answer, not a
                // transfer that broke off: it is not read again here.
                let code = error.code
                let refused = code == .responseNotOK || code == .shortData
                // A wedged session is recovered so that this object can go on, or the next one be read; a
                // device that is gone fails this at once.
                let recovered = lock.withLock { () -> PTPError? in
                    do throws(PTPError) { try session.recover() } catch { return error }
                    return nil
                }
                if let recovered {
                    throw DeviceSessionError(.readFailed, call: "GetObject", path: where_,
                                             message: "\(cause); the session could not be recovered: \(recovered)")
                }
                if refused { throw DeviceSessionError(.readFailed, call: "GetObject", path: where_, message: cause) }
                guard partialReads != nil else {
                    lock.withLock { interruptions.append(Interruption(path: recording.path, at: Int64(written), resumed: false, cause: cause)) }
                    throw DeviceSessionError(.interrupted, call: "GetObject", path: where_, message:
                        "the transfer failed after \(written) of \(size) bytes (\(cause)) and the camera cannot read part "
                        + "of an object (no GetPartialObject): the recording is read again from its first byte")
                }
                guard resumes < Self.maxResumes else {
                    throw DeviceSessionError(.readFailed, call: "GetPartialObject", path: where_,
                                             message: "interrupted \(resumes + 1) times, the last after \(written) bytes: \(cause)")
                }
                // Going on is right only if the object is still the one listed (MTP: its persistent id too).
                let now = try exchange("GetObjectInfo") { () throws(PTPError) -> ObjectPin in
                    let info = try session.objectInfo(handle)
                    return ObjectPin(handle: handle, info, facts: try Self.facts(of: handle, info, session: session, info: self.info))
                }
                guard now == listedPin else {
                    throw DeviceSessionError(.sourceChanged, call: "GetPartialObject", path: where_,
                                             message: "the object changed on the device while its read was interrupted")
                }
                resumes += 1
                lock.withLock { interruptions.append(Interruption(path: recording.path, at: Int64(written), resumed: true, cause: cause)) }
            }
        }
        guard written == size else {
            throw DeviceSessionError(.sourceChanged, call: "GetObject", path: where_,
                                     message: "the camera sent \(written) bytes where ObjectInfo says \(size)")
        }
        lock.withLock { pins[recording.path] = listedPin }
        return Int64(written)
    }

    /// MTP's facts of an object (64-bit size, persistent identifier, name, dates), asked for on an MTP device
    /// and on a PTP one whose ObjectInfo gives 0xFFFFFFFF (4 GiB or more) as the size: one GetObjectPropList
    /// where the device has it, else GetObjectPropValue for ObjectSize and the identifier. nil when the device
    /// has neither operation.
    static func facts(of handle: UInt32, _ object: PTPObjectInfo, session: PTPSession, info: PTPDeviceInfo)
        throws(PTPError) -> MTPObjectFacts?
    {
        guard info.isMTP || object.compressedSize == 0xFFFF_FFFF else { return nil }
        if info.supports(operation: MTPOperation.getObjectPropList) {
            return MTPObjectFacts(try session.objectPropList(handle), handle: handle)
        }
        guard info.supports(operation: MTPOperation.getObjectPropValue) else { return nil }
        var facts = MTPObjectFacts()
        facts.size = try session.objectPropValue(handle, MTPObjectProperty.objectSize, type: PTPDataType.uint64).unsignedValue
        do {
            let id = try session.objectPropValue(handle, MTPObjectProperty.persistentUniqueObjectIdentifier,
                                                 type: PTPDataType.uint128)
            if case .wide(let bytes) = id { facts.persistentID = bytes }
        } catch where error.responseCode == PTPResponse.objectPropNotSupported {
            // A device without persistent identifiers is pinned by ObjectInfo and its size alone.
        }
        return facts
    }
}
