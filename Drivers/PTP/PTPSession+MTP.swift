import Foundation

extension PTPSession {
    /// GetObjectPropList (0x9805) for one object (depth 0): every property it has, or only `property`.
    public func objectPropList(_ handle: UInt32, property: UInt16? = nil) throws(PTPError) -> MTPObjectPropList {
        let wanted = property.map(UInt32.init) ?? 0xFFFF_FFFF
        return try MTPObjectPropList(parsing: dataTransaction(MTPOperation.getObjectPropList,
                                                              parameters: [handle, 0, wanted, 0, 0]))
    }

    /// GetObjectPropValue (0x9803): one property of one object, read as `type`.
    public func objectPropValue(_ handle: UInt32, _ property: UInt16, type: UInt16) throws(PTPError) -> MTPPropertyValue {
        try MTPPropertyValue.parse(dataTransaction(MTPOperation.getObjectPropValue,
                                                   parameters: [handle, UInt32(property)]), type: type)
    }

    /// Part of an object, streamed to `sink`: GetPartialObject64 (0x95C1) when `wide`, else GetPartialObject
    /// (0x101B, offsets below 4 GiB). At most `count` bytes from `offset`; returns the bytes the data phase
    /// carried, which the response's first parameter must confirm.
    @discardableResult
    public func partialObject(_ handle: UInt32, offset: UInt64, count: UInt32, wide: Bool,
                              to sink: (ArraySlice<UInt8>) throws -> Void) throws(PTPError) -> Int {
        let code = wide ? MTPOperation.getPartialObject64 : PTPOperation.getPartialObject
        let op = PTPOperation.name(code)
        let parameters: [UInt32]
        if wide {
            parameters = [handle, UInt32(truncatingIfNeeded: offset), UInt32(truncatingIfNeeded: offset >> 32), count]
        } else {
            guard let low = UInt32(exactly: offset) else {
                throw PTPError(.invalidArgument, operation: op, message: "offset \(offset) needs GetPartialObject64")
            }
            parameters = [handle, low, count]
        }
        var received = 0
        let response = try transaction(code, parameters: parameters) { (chunk) throws(PTPError) in
            guard received + chunk.count <= Int(count) else {
                throw PTPError(.malformedContainer, operation: op,
                               message: "\(received + chunk.count) bytes sent where at most \(count) were asked")
            }
            do {
                try sink(chunk)
            } catch let error as PTPError {
                throw error
            } catch {
                throw PTPError(.sink, operation: op, message: "after \(received) bytes", cause: error)
            }
            received += chunk.count
        }
        if let told = response.first, Int(told) != received {
            throw PTPError(.malformedContainer, operation: op, message: "the response says \(told) bytes, \(received) came")
        }
        return received
    }

    // MARK: Events

    /// The next event on the interrupt endpoint, or nil when none comes within `timeout`.
    public func nextEvent(timeout: Duration) throws(PTPError) -> PTPEvent? {
        let bytes: [UInt8]
        do {
            bytes = try handle.interruptIn(endpoint: endpoints.interruptIn, length: 64, timeout: timeout)
        } catch where error.code == .timeout {
            return nil
        } catch {
            throw PTPError.usb(error, "event", "interrupt IN")
        }
        return try PTPEvent(parsing: bytes)
    }

    // MARK: Recovery

    /// Get Device Status (class request 0x67): the response code the device gives (0x2001 ready, 0x2019 busy).
    public func deviceStatus() throws(PTPError) -> UInt16 {
        let bytes: [UInt8]
        do {
            bytes = try handle.controlIn(requestType: 0x21, request: PTPClassRequest.getDeviceStatus, value: 0,
                                         index: UInt16(endpoints.interface), length: 32, timeout: timeout)
        } catch {
            throw PTPError.usb(error, "GetDeviceStatus", "class request 0x67")
        }
        var r = PTPDataReader(bytes, operation: "GetDeviceStatus")
        let length = try r.u16("wLength")
        guard length >= 4, Int(length) <= bytes.count else {
            throw PTPError(.shortData, operation: "GetDeviceStatus", message: "wLength \(length), \(bytes.count) bytes")
        }
        return try r.u16("Code")
    }

    /// Cancel Request (class request 0x64): asks the device to abandon transaction `tid`. Its data is the
    /// cancellation code 0x4001 and the transaction id, both little-endian.
    public func cancel(transaction tid: UInt32) throws(PTPError) {
        let data: [UInt8] = [0x01, 0x40] + (0..<4).map { UInt8(truncatingIfNeeded: tid >> ($0 * 8)) }
        do {
            _ = try handle.controlOut(requestType: 0x21, request: PTPClassRequest.cancel, value: 0,
                                      index: UInt16(endpoints.interface), data: data, timeout: timeout)
        } catch {
            throw PTPError.usb(error, "Cancel", "class request 0x64")
        }
    }

    /// Brings a session back after a transfer failed mid-transaction (a stall, a timeout, an error in the data
    /// phase): clears the halt on both bulk endpoints, cancels the transaction, Device Reset (the device drops the transaction and
    /// closes its session), asks Get Device Status until the device is ready (at most `attempts` times,
    /// 50 ms apart), and opens the session again. Throws when the device is gone or never gets ready.
    public func recover(attempts: Int = 40) throws(PTPError) {
        // A halt left on an endpoint fails every later transfer on it; a device that did not halt answers OK.
        for endpoint in [endpoints.bulkIn, endpoints.bulkOut] {
            do {
                try handle.clearHalt(endpoint: endpoint)
            } catch where error.code == .noDevice {
                throw PTPError.usb(error, "recover", "clearing the halt on endpoint 0x\(hex(UInt16(endpoint)))")
            } catch {
                // Another failure to clear is not final: the reset below may still bring the device back.
            }
        }
        // The transaction that broke off is cancelled first, as the still-image class asks; the reset after
        // it brings back a device that ignores or refuses the cancel.
        if sessionID != nil {
            do {
                try cancel(transaction: nextTransactionID == 1 ? 0xFFFF_FFFE : nextTransactionID - 1)
            } catch where error.usbError?.code == .noDevice {
                throw error
            } catch {
                // Refused or not understood: the reset below decides.
            }
        }
        try reset()
        var status = PTPResponse.deviceBusy
        for attempt in 0..<max(attempts, 1) {
            status = try deviceStatus()
            if status == PTPResponse.ok { break }
            if attempt + 1 < attempts { Thread.sleep(forTimeInterval: 0.05) }
        }
        guard status == PTPResponse.ok else {
            throw PTPError(.responseNotOK, operation: "recover", message: "the device stays busy after Device Reset "
                           + "(Get Device Status 0x\(hex(status)))", responseCode: status)
        }
        try openSession(id: 1)
    }
}
