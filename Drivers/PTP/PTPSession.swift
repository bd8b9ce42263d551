import USB

/// A PTP conversation with one camera over USB (PTP over USB, the still-image class 6/1/1): commands on
/// bulk OUT, data both ways, responses on bulk IN, events on interrupt IN.
///
/// Owns the opened device handle and the claimed interface (released when the session goes away).
/// Transfers are synchronous, each bounded by ``timeout``: no phase can wait for ever. Not thread-safe:
/// one caller at a time, as the protocol is one transaction at a time.
public final class PTPSession {
    /// The still-image interface and its three endpoints.
    public struct Endpoints: Hashable, Sendable {
        public var interface: UInt8
        public var bulkOut: UInt8
        public var bulkIn: UInt8
        public var interruptIn: UInt8
        /// The bulk IN endpoint's max packet size (a transfer of a multiple of it ends with a zero-length packet).
        public var maxPacketSize: Int

        public init(interface: UInt8, bulkOut: UInt8, bulkIn: UInt8, interruptIn: UInt8, maxPacketSize: Int) {
            self.interface = interface
            self.bulkOut = bulkOut
            self.bulkIn = bulkIn
            self.interruptIn = interruptIn
            self.maxPacketSize = maxPacketSize
        }

        /// The first interface 6/1/1 of the active configuration that has bulk OUT, bulk IN and interrupt IN.
        public static func find(on device: USBDevice) throws(PTPError) -> Endpoints {
            let configuration: USBConfigurationDescriptor
            do {
                configuration = try device.activeConfiguration()
            } catch {
                throw PTPError.usb(error, "open", "reading the configuration descriptor")
            }
            for interface in configuration.interfaces {
                for alt in interface.alternateSettings
                where alt.interfaceClass == 6 && alt.interfaceSubClass == 1 && alt.interfaceProtocol == 1 {
                    let e = alt.endpoints
                    guard let out = e.first(where: { !$0.isInput && $0.transferType == .bulk }),
                          let inn = e.first(where: { $0.isInput && $0.transferType == .bulk }),
                          let event = e.first(where: { $0.isInput && $0.transferType == .interrupt }) else { continue }
                    return Endpoints(interface: alt.number, bulkOut: out.address, bulkIn: inn.address,
                                     interruptIn: event.address, maxPacketSize: max(Int(inn.maxPacketSize), 8))
                }
            }
            throw PTPError(.noInterface, operation: "open",
                           message: "\(device.portPath) has no interface 6/1/1 with bulk OUT, bulk IN and interrupt IN")
        }
    }

    let handle: USBDeviceHandle
    public let endpoints: Endpoints
    /// The bound on every transfer.
    public var timeout: Duration
    /// How many bytes one bulk read asks for (a multiple of the max packet size). 16 KiB by default: libusb
    /// splits a larger read into several URBs where the kernel lacks USBDEVFS_CAP_NO_PACKET_SIZE_LIM, and the
    /// URBs after a short one may then already hold the next container's bytes.
    public let readSize: Int
    /// The open session's id, nil outside a session.
    public private(set) var sessionID: UInt32?
    var nextTransactionID: UInt32 = 1

    /// Takes an opened handle, claims the PTP interface.
    public init(handle: consuming USBDeviceHandle, endpoints: Endpoints, timeout: Duration = .seconds(5),
                readSize: Int = 16 * 1024) throws(PTPError) {
        let packet = endpoints.maxPacketSize
        self.readSize = max(packet, (readSize / packet) * packet)
        self.endpoints = endpoints
        self.timeout = timeout
        self.handle = handle
        do {
            // Where the kernel has a driver on the interface (none should, for a camera), take it over.
            try? self.handle.setAutoDetachKernelDriver(true)
            try self.handle.claimInterface(endpoints.interface)
        } catch {
            throw PTPError.usb(error, "open", "claiming interface \(endpoints.interface)")
        }
    }

    /// Opens the device, finds and claims its PTP interface.
    public convenience init(device: USBDevice, timeout: Duration = .seconds(5)) throws(PTPError) {
        let endpoints = try Endpoints.find(on: device)
        let handle: USBDeviceHandle
        do {
            handle = try device.open()
        } catch {
            throw PTPError.usb(error, "open", "opening \(device.portPath)")
        }
        try self.init(handle: handle, endpoints: endpoints, timeout: timeout)
    }

    deinit { try? handle.releaseInterface(endpoints.interface) }

    /// The device under the session.
    public var device: USBDevice { handle.device }

    // MARK: Transactions

    /// Runs one transaction: command, optional data phase (out with `dataOut`, in to `dataIn`), response.
    /// Returns the response's parameters; throws unless the response code is OK.
    ///
    /// Outside a session the transaction id is 0 (GetDeviceInfo, OpenSession); inside one it counts from 1.
    @discardableResult
    public func transaction(_ code: UInt16, parameters: [UInt32] = [], dataOut: [UInt8]? = nil) throws(PTPError)
        -> [UInt32]
    {
        try run(code, parameters: parameters, dataOut: dataOut, expectsData: false) { (_) throws(PTPError) in }
    }

    /// A transaction with a data-in phase, its payload handed to `dataIn` one read at a time.
    @discardableResult
    public func transaction(_ code: UInt16, parameters: [UInt32] = [],
                            dataIn: (ArraySlice<UInt8>) throws(PTPError) -> Void) throws(PTPError) -> [UInt32] {
        try run(code, parameters: parameters, dataOut: nil, expectsData: true, dataIn: dataIn)
    }

    private func run(_ code: UInt16, parameters: [UInt32], dataOut: [UInt8]?, expectsData: Bool,
                     dataIn: (ArraySlice<UInt8>) throws(PTPError) -> Void) throws(PTPError) -> [UInt32] {
        let op = PTPOperation.name(code)
        let tid: UInt32
        if sessionID == nil {
            tid = 0
        } else {
            tid = nextTransactionID
            nextTransactionID = nextTransactionID >= 0xFFFF_FFFE ? 1 : nextTransactionID + 1
        }
        let command = PTPContainer(kind: .command, code: code, transactionID: tid, parameters: parameters)
        try send(try command.encoded(), op, "command phase")
        if let dataOut {
            let header = PTPContainerHeader(length: UInt32(PTPContainer.headerLength + dataOut.count), kind: .data,
                                            code: code, transactionID: tid)
            try send(header.encoded() + dataOut, op, "data phase")
        }
        var first: (header: PTPContainerHeader, bytes: [UInt8])?
        if expectsData {
            var collected: [UInt8] = []
            var isData: Bool?
            let header = try readContainer(op, "data phase") { (header, chunk) throws(PTPError) in
                if isData == nil {
                    isData = header.kind == .data
                    if header.kind == .data {
                        guard header.transactionID == tid, header.code == code else {
                            throw PTPError(.wrongTransactionID, operation: op, message:
                                "data for transaction \(header.transactionID) code 0x\(hex(header.code)), "
                                + "expected \(tid) code 0x\(hex(code))")
                        }
                    }
                }
                if isData == true { try dataIn(chunk) } else { collected += chunk }
            }
            // A device that fails the operation may answer with the response at once, skipping the data.
            if header.kind == .response { first = (header, collected) }
            else if header.kind != .data {
                throw PTPError(.unexpectedType, operation: op, message: "\(header.kind) container in the data phase")
            }
        }
        let response: PTPContainer
        if let first {
            response = try PTPContainer.decode(first.header.encoded() + first.bytes, operation: op)
        } else {
            var bytes: [UInt8] = []
            let header = try readContainer(op, "response phase") { (_, chunk) throws(PTPError) in bytes += chunk }
            guard header.kind == .response else {
                throw PTPError(.unexpectedType, operation: op,
                               message: "\(header.kind) container where the response was due")
            }
            response = try PTPContainer.decode(header.encoded() + bytes, operation: op)
        }
        guard response.transactionID == tid else {
            throw PTPError(.wrongTransactionID, operation: op,
                           message: "response for transaction \(response.transactionID), expected \(tid)")
        }
        guard response.code == PTPResponse.ok else {
            throw PTPError(.responseNotOK, operation: op, message: "response code 0x\(hex(response.code))",
                           responseCode: response.code)
        }
        return response.parameters
    }

    /// A transaction with a data-in phase collected in memory (datasets: small).
    public func dataTransaction(_ code: UInt16, parameters: [UInt32] = []) throws(PTPError) -> [UInt8] {
        var data: [UInt8] = []
        try transaction(code, parameters: parameters) { (chunk) throws(PTPError) in data += chunk }
        return data
    }

    /// Bulk OUT, with the zero-length packet a multiple of the max packet size needs.
    private func send(_ bytes: [UInt8], _ op: String, _ phase: String) throws(PTPError) {
        do {
            let sent = try handle.bulkOut(endpoint: endpoints.bulkOut, data: bytes, timeout: timeout)
            guard sent == bytes.count else {
                throw PTPError(.usb, operation: op, message: "\(phase): \(sent) of \(bytes.count) bytes sent")
            }
            if bytes.count % endpoints.maxPacketSize == 0 {
                try handle.bulkOut(endpoint: endpoints.bulkOut, data: [], timeout: timeout)
            }
        } catch let error as USBError {
            throw PTPError.usb(error, op, phase)
        } catch {
            throw error as! PTPError
        }
    }

    private func read(_ op: String, _ phase: String, timeout: Duration? = nil) throws(PTPError) -> [UInt8] {
        do {
            return try handle.bulkIn(endpoint: endpoints.bulkIn, length: readSize, timeout: timeout ?? self.timeout)
        } catch {
            throw PTPError.usb(error, op, phase)
        }
    }

    /// Reads one container from bulk IN, however many reads it takes, handing its payload on as it comes.
    /// Strict: at least a 12-byte header, no more bytes than its length field, no fewer (a transfer that ends
    /// early is a mismatch), and the zero-length packet after a full last read of a multiple of the packet size.
    private func readContainer(_ op: String, _ phase: String,
                               payload: (PTPContainerHeader, ArraySlice<UInt8>) throws(PTPError) -> Void)
        throws(PTPError) -> PTPContainerHeader
    {
        let first = try read(op, phase)
        let header = try PTPContainerHeader.decode(first, operation: op)
        let length = Int(header.length)
        guard first.count <= length else {
            throw PTPError(.malformedContainer, operation: op,
                           message: "\(phase): \(first.count) bytes received, length field \(length)")
        }
        // A read that ends short of the container's length ended the device's transfer early: its bytes are
        // not handed on (they may be anything the device sent instead, e.g. a response), so a resumed read
        // never hashes them.
        func endedEarly(_ received: Int) -> PTPError {
            PTPError(.malformedContainer, operation: op, message: "\(phase): the transfer ended after \(received) of \(length) bytes")
        }
        if first.count < readSize && first.count < length { throw endedEarly(first.count) }
        try payload(header, first[PTPContainer.headerLength...])
        var received = first.count
        var lastFull = first.count == readSize
        while received < length {
            guard lastFull else { throw endedEarly(received) }
            let next = try read(op, phase)
            guard received + next.count <= length else {
                throw PTPError(.malformedContainer, operation: op,
                               message: "\(phase): \(received + next.count) bytes received, length field \(length)")
            }
            if next.count < readSize && received + next.count < length { throw endedEarly(received + next.count) }
            try payload(header, next[...])
            received += next.count
            lastFull = next.count == readSize
        }
        if lastFull && length % endpoints.maxPacketSize == 0 {
            let zlp = try read(op, "\(phase) (zero-length packet)")
            guard zlp.isEmpty else {
                throw PTPError(.malformedContainer, operation: op,
                               message: "\(phase): \(zlp.count) bytes after the container's \(length)")
            }
        }
        return header
    }

    // MARK: Recovery

    /// The still-image class's Device Reset request (0x66): the device drops the transaction in progress and
    /// closes the session. For a session wedged by a failed phase.
    public func reset() throws(PTPError) {
        sessionID = nil
        nextTransactionID = 1
        do {
            try handle.controlOut(requestType: 0x21, request: 0x66, value: 0, index: UInt16(endpoints.interface),
                                  timeout: timeout)
        } catch {
            throw PTPError.usb(error, "DeviceReset", "class request 0x66")
        }
    }

    func sessionOpened(_ id: UInt32?) {
        sessionID = id
        nextTransactionID = 1
    }
}

func hex(_ v: UInt16) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}
