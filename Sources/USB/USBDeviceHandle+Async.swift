import CLibUSB
import Synchronization

/// One asynchronous transfer in flight: the libusb transfer, its buffer, and who waits for it.
///
/// `@unchecked Sendable`: the transfer and buffer are touched by the submitting task before submission and
/// after completion, and by libusb's event thread in between (libusb's own hand-over); the submit/cancel
/// race is decided under `state`'s mutex, and the continuation is resumed exactly once (by the callback,
/// or by the submitter when submission fails or was cancelled first).
final class InFlightTransfer: @unchecked Sendable {
    enum Phase { case preparing, submitted, cancelledEarly, done }

    let transfer: UnsafeMutablePointer<libusb_transfer>
    let buffer: UnsafeMutableBufferPointer<UInt8>
    let state = Mutex(Phase.preparing)
    var continuation: UnsafeContinuation<Void, Never>?

    init(capacity: Int) {
        transfer = libusb_alloc_transfer(0)
        buffer = .allocate(capacity: max(capacity, 1))
        buffer.initialize(repeating: 0)
    }

    deinit {
        libusb_free_transfer(transfer)
        buffer.deallocate()
    }

    func cancel() {
        let submitted = state.withLock { phase -> Bool in
            if phase == .preparing { phase = .cancelledEarly }
            return phase == .submitted
        }
        if submitted { _ = libusb_cancel_transfer(transfer) }
    }
}

extension USBDeviceHandle {
    /// Runs one transfer on the context's event thread; cancelling the task cancels the transfer.
    /// Returns the buffer's first `actual_length` bytes after `dataOffset`.
    private func run(type: UInt8, endpoint: UInt8, bytes: [UInt8], capacity: Int, dataOffset: Int,
                     timeout: Duration, call: String) async throws(USBError) -> (data: [UInt8], count: Int) {
        device.context.startEventThread()
        let flight = InFlightTransfer(capacity: capacity)
        for (i, b) in bytes.prefix(capacity).enumerated() { flight.buffer[i] = b }
        let t = flight.transfer
        t.pointee.dev_handle = pointer
        t.pointee.endpoint = endpoint
        t.pointee.type = type
        t.pointee.timeout = Self.milliseconds(timeout)
        t.pointee.buffer = flight.buffer.baseAddress
        t.pointee.length = Int32(capacity)
        t.pointee.user_data = Unmanaged.passUnretained(flight).toOpaque()
        t.pointee.callback = { transfer in
            guard let transfer, let user = transfer.pointee.user_data else { return }
            let flight = Unmanaged<InFlightTransfer>.fromOpaque(user).takeRetainedValue()
            flight.state.withLock { $0 = .done }
            flight.continuation?.resume()
        }

        var submitError: Int32 = 0
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                flight.continuation = continuation
                let go = flight.state.withLock { phase -> Bool in
                    guard phase == .preparing else { return false }
                    // Retained for the callback, which takes the reference.
                    _ = Unmanaged.passRetained(flight)
                    let r = libusb_submit_transfer(t)
                    if r < 0 {
                        Unmanaged.passUnretained(flight).release()
                        submitError = r
                        phase = .done
                        return false
                    }
                    phase = .submitted
                    return true
                }
                if !go { continuation.resume() }
            }
        } onCancel: {
            flight.cancel()
        }
        if submitError < 0 { throw USBError(rawCode: submitError, call: "libusb_submit_transfer") }
        if flight.state.withLock({ $0 }) == .cancelledEarly { throw USBError(.interrupted, call: call) }
        if let error = USBError(transferStatus: t.pointee.status, call: call) { throw error }
        let count = Int(t.pointee.actual_length)
        let data = Array(UnsafeBufferPointer(rebasing: flight.buffer[dataOffset..<min(dataOffset + count, capacity)]))
        return (data, count)
    }

    /// Reads up to `length` bytes from a bulk IN endpoint, without blocking a thread.
    public func bulkIn(endpoint: UInt8, length: Int, timeout: Duration = .seconds(1)) async throws(USBError) -> [UInt8] {
        try await run(type: UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue), endpoint: endpoint | 0x80, bytes: [],
                      capacity: length, dataOffset: 0, timeout: timeout, call: "libusb_submit_transfer(bulk)").data
    }

    /// Writes to a bulk OUT endpoint, without blocking a thread; returns the number of bytes sent.
    @discardableResult
    public func bulkOut(endpoint: UInt8, data: [UInt8], timeout: Duration = .seconds(1)) async throws(USBError) -> Int {
        try await run(type: UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue), endpoint: endpoint & 0x7F, bytes: data,
                      capacity: data.count, dataOffset: 0, timeout: timeout, call: "libusb_submit_transfer(bulk)").count
    }

    /// Reads up to `length` bytes from an interrupt IN endpoint, without blocking a thread.
    public func interruptIn(endpoint: UInt8, length: Int,
                            timeout: Duration = .seconds(1)) async throws(USBError) -> [UInt8] {
        try await run(type: UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue), endpoint: endpoint | 0x80, bytes: [],
                      capacity: length, dataOffset: 0, timeout: timeout,
                      call: "libusb_submit_transfer(interrupt)").data
    }

    /// Writes to an interrupt OUT endpoint, without blocking a thread; returns the number of bytes sent.
    @discardableResult
    public func interruptOut(endpoint: UInt8, data: [UInt8], timeout: Duration = .seconds(1)) async throws(USBError) -> Int {
        try await run(type: UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue), endpoint: endpoint & 0x7F, bytes: data,
                      capacity: data.count, dataOffset: 0, timeout: timeout,
                      call: "libusb_submit_transfer(interrupt)").count
    }

    /// A control transfer towards the host, without blocking a thread.
    public func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: UInt16,
                          timeout: Duration = .seconds(1)) async throws(USBError) -> [UInt8] {
        let setup = [requestType | 0x80, request, UInt8(value & 0xFF), UInt8(value >> 8), UInt8(index & 0xFF),
                     UInt8(index >> 8), UInt8(length & 0xFF), UInt8(length >> 8)]
        return try await run(type: UInt8(LIBUSB_TRANSFER_TYPE_CONTROL.rawValue), endpoint: 0, bytes: setup,
                             capacity: 8 + Int(length), dataOffset: 8, timeout: timeout,
                             call: "libusb_submit_transfer(control)").data
    }

    /// A control transfer towards the device, without blocking a thread; returns the number of data bytes sent
    /// (the setup packet not counted).
    @discardableResult
    public func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8] = [],
                           timeout: Duration = .seconds(1)) async throws(USBError) -> Int {
        // wLength is 16 bits: a longer buffer cannot be described, so it is refused rather than cut.
        guard let length = UInt16(exactly: data.count) else {
            throw USBError(.invalidParameter, call: "libusb_submit_transfer(control)")
        }
        let setup = [requestType & 0x7F, request, UInt8(value & 0xFF), UInt8(value >> 8), UInt8(index & 0xFF),
                     UInt8(index >> 8), UInt8(length & 0xFF), UInt8(length >> 8)]
        return try await run(type: UInt8(LIBUSB_TRANSFER_TYPE_CONTROL.rawValue), endpoint: 0,
                             bytes: setup + data, capacity: 8 + Int(length), dataOffset: 8,
                             timeout: timeout, call: "libusb_submit_transfer(control)").count
    }
}
