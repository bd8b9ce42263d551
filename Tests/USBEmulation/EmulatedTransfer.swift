/// The 8-byte setup packet that starts every control transfer.
public struct SetupPacket: Hashable, Sendable {
    public var requestType: UInt8
    public var request: UInt8
    public var value: UInt16
    public var index: UInt16
    public var length: UInt16

    public init(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: UInt16) {
        self.requestType = requestType
        self.request = request
        self.value = value
        self.index = index
        self.length = length
    }

    init(_ b: [UInt8]) {
        requestType = b[0]
        request = b[1]
        value = UInt16(b[2]) | UInt16(b[3]) << 8
        index = UInt16(b[4]) | UInt16(b[5]) << 8
        length = UInt16(b[6]) | UInt16(b[7]) << 8
    }

    public var isIn: Bool { requestType & 0x80 != 0 }
    /// 0 standard, 1 class, 2 vendor.
    public var type: UInt8 { (requestType >> 5) & 0x03 }
    /// 0 device, 1 interface, 2 endpoint, 3 other (a hub's port).
    public var recipient: UInt8 { requestType & 0x1F }
}

/// One URB as the emulated device receives it.
public struct EmulatedTransfer: Sendable {
    public enum Kind: Sendable { case control, bulk, interrupt, isochronous }
    public var kind: Kind
    /// The endpoint address (bit 7 set for IN); 0 for control.
    public var endpoint: UInt8
    /// The setup packet of a control transfer.
    public var setup: SetupPacket?
    /// What the host sends (empty for IN transfers).
    public var data: [UInt8]
    /// How many bytes the host can take (IN) or sends (OUT), setup packet excluded.
    public var length: Int

    public var isIn: Bool { setup.map(\.isIn) ?? (endpoint & 0x80 != 0) }
}

/// How the emulated device answers a URB.
public enum EmulatedResponse: Sendable, Equatable {
    /// IN: these bytes (cut to what the host asked for).
    case data([UInt8])
    /// OUT (or a control transfer without data): this many bytes taken.
    case accepted(Int)
    /// The endpoint stalls (the host sees EPIPE).
    case stall
    /// No answer: the URB stays pending until the host gives up and discards it.
    case timeout
    /// The device is gone (the URB is refused with ENODEV).
    case noDevice

    public static let ok = EmulatedResponse.accepted(0)
}

/// A device model: one per emulated device, called on umockdev's handler thread.
public protocol USBResponder: AnyObject, Sendable {
    func respond(to transfer: EmulatedTransfer) -> EmulatedResponse
}

/// A device model that sees the host's CLEAR_FEATURE(ENDPOINT_HALT) (`libusb_clear_halt`), as a real device
/// does: an endpoint it stalled stays halted until then.
public protocol USBHaltResponder: USBResponder {
    func clearHalt(endpoint: UInt8)
}

/// String descriptors (USB 2.0 §9.6.7), language 0x0409, answering standard GET_DESCRIPTOR(STRING).
public struct StringTable: Sendable {
    public var strings: [UInt8: String]
    public init(_ strings: [UInt8: String] = [:]) { self.strings = strings }

    /// The answer to a standard GET_DESCRIPTOR for a string, or nil when `setup` asks something else.
    public func answer(_ setup: SetupPacket) -> EmulatedResponse? {
        guard setup.requestType == 0x80, setup.request == 0x06, setup.value >> 8 == 0x03 else { return nil }
        let index = UInt8(setup.value & 0xFF)
        if index == 0 { return .data([4, 3, 0x09, 0x04]) }
        guard let text = strings[index] else { return .stall }
        let units = Array(text.utf16)
        var bytes: [UInt8] = [UInt8(2 + 2 * units.count), 3]
        for u in units { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        return .data(bytes)
    }
}
