/// PTP operation, response, property and format codes this driver uses (ISO 15740; PROTOCOLS.md).
public enum PTPOperation {
    public static let getDeviceInfo: UInt16 = 0x1001
    public static let openSession: UInt16 = 0x1002
    public static let closeSession: UInt16 = 0x1003
    public static let getStorageIDs: UInt16 = 0x1004
    public static let getStorageInfo: UInt16 = 0x1005
    public static let getObjectHandles: UInt16 = 0x1007
    public static let getObjectInfo: UInt16 = 0x1008
    public static let getObject: UInt16 = 0x1009
    public static let deleteObject: UInt16 = 0x100B
    public static let getDevicePropDesc: UInt16 = 0x1014
    public static let getDevicePropValue: UInt16 = 0x1015
    public static let setDevicePropValue: UInt16 = 0x1016
    public static let getPartialObject: UInt16 = 0x101B

    /// A name for reports and errors.
    public static func name(_ code: UInt16) -> String {
        switch code {
        case getDeviceInfo: "GetDeviceInfo"
        case openSession: "OpenSession"
        case closeSession: "CloseSession"
        case getStorageIDs: "GetStorageIDs"
        case getStorageInfo: "GetStorageInfo"
        case getObjectHandles: "GetObjectHandles"
        case getObjectInfo: "GetObjectInfo"
        case getObject: "GetObject"
        case deleteObject: "DeleteObject"
        case getDevicePropDesc: "GetDevicePropDesc"
        case getDevicePropValue: "GetDevicePropValue"
        case setDevicePropValue: "SetDevicePropValue"
        case getPartialObject: "GetPartialObject"
        default: MTPOperation.name(code) ?? "operation 0x" + String(code, radix: 16, uppercase: true)
        }
    }
}

public enum PTPResponse {
    public static let ok: UInt16 = 0x2001
    public static let generalError: UInt16 = 0x2002
    public static let sessionNotOpen: UInt16 = 0x2003
    public static let operationNotSupported: UInt16 = 0x2005
    public static let invalidObjectHandle: UInt16 = 0x2009
    public static let devicePropNotSupported: UInt16 = 0x200A
    public static let deviceBusy: UInt16 = 0x2019
    public static let sessionAlreadyOpen: UInt16 = 0x201E
    /// MTP: the object property is not supported for this object.
    public static let objectPropNotSupported: UInt16 = 0xA80A
}

public enum PTPProperty {
    /// UINT8, 0–100.
    public static let batteryLevel: UInt16 = 0x5001
    /// String `YYYYMMDDThhmmss[.s][Z|±hhmm]`.
    public static let dateTime: UInt16 = 0x5011
}

/// The container every PTP-over-USB phase travels in: `u32 length`, `u16 type`, `u16 code`,
/// `u32 transaction id`, then the payload (up to five `u32` parameters, or a data phase's bytes).
/// Little-endian throughout.
public struct PTPContainer: Hashable, Sendable {
    public enum Kind: UInt16, Sendable {
        case command = 1, data = 2, response = 3, event = 4
    }

    public static let headerLength = 12
    public static let maxParameters = 5

    public var kind: Kind
    public var code: UInt16
    public var transactionID: UInt32
    /// Command, response and event containers: the parameters. Empty for data.
    public var parameters: [UInt32]
    /// Data containers: the payload. Empty for the others.
    public var payload: [UInt8]

    public init(kind: Kind, code: UInt16, transactionID: UInt32, parameters: [UInt32] = [], payload: [UInt8] = []) {
        self.kind = kind
        self.code = code
        self.transactionID = transactionID
        self.parameters = parameters
        self.payload = payload
    }

    /// The container's bytes. Parameters beyond five are refused.
    public func encoded() throws(PTPError) -> [UInt8] {
        guard parameters.count <= Self.maxParameters else {
            throw PTPError(.invalidArgument, operation: PTPOperation.name(code),
                           message: "\(parameters.count) parameters (at most \(Self.maxParameters))")
        }
        var body: [UInt8] = payload
        for p in parameters { body.appendLE(p) }
        let total = Self.headerLength + body.count
        guard let length = UInt32(exactly: total) else {
            throw PTPError(.invalidArgument, operation: PTPOperation.name(code), message: "container too long")
        }
        var bytes = PTPContainerHeader(length: length, kind: kind, code: code, transactionID: transactionID).encoded()
        bytes += body
        return bytes
    }

    /// Decodes one whole container, strictly: the length field equals the bytes given, the type is known,
    /// and a non-data container carries whole `u32` parameters, at most five.
    public static func decode(_ bytes: [UInt8], operation: String = "decode") throws(PTPError) -> PTPContainer {
        let header = try PTPContainerHeader.decode(bytes, operation: operation)
        guard Int(header.length) == bytes.count else {
            throw PTPError(.malformedContainer, operation: operation,
                           message: "length field \(header.length), \(bytes.count) bytes received")
        }
        let body = Array(bytes[headerLength...])
        if header.kind == .data {
            return PTPContainer(kind: .data, code: header.code, transactionID: header.transactionID, payload: body)
        }
        guard body.count % 4 == 0, body.count / 4 <= maxParameters else {
            throw PTPError(.malformedContainer, operation: operation,
                           message: "\(body.count) parameter bytes (whole u32s, at most \(maxParameters))")
        }
        let parameters = stride(from: 0, to: body.count, by: 4).map { body.readLE32(at: $0) }
        return PTPContainer(kind: header.kind, code: header.code, transactionID: header.transactionID,
                            parameters: parameters)
    }
}

/// The 12-byte header alone: what a reader knows after the first packet of a long data phase.
public struct PTPContainerHeader: Hashable, Sendable {
    public var length: UInt32
    public var kind: PTPContainer.Kind
    public var code: UInt16
    public var transactionID: UInt32

    public init(length: UInt32, kind: PTPContainer.Kind, code: UInt16, transactionID: UInt32) {
        self.length = length
        self.kind = kind
        self.code = code
        self.transactionID = transactionID
    }

    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(PTPContainer.headerLength)
        bytes.appendLE(length)
        bytes.appendLE(kind.rawValue)
        bytes.appendLE(code)
        bytes.appendLE(transactionID)
        return bytes
    }

    /// The header at the start of `bytes` (which may go on with payload): at least 12 bytes, a length of
    /// at least 12, a known type.
    public static func decode(_ bytes: some Collection<UInt8>, operation: String = "decode") throws(PTPError)
        -> PTPContainerHeader
    {
        let head = Array(bytes.prefix(PTPContainer.headerLength))
        guard head.count == PTPContainer.headerLength else {
            throw PTPError(.malformedContainer, operation: operation,
                           message: "\(head.count) bytes, shorter than the 12-byte header")
        }
        let length = head.readLE32(at: 0)
        guard length >= UInt32(PTPContainer.headerLength) else {
            throw PTPError(.malformedContainer, operation: operation, message: "length field \(length) below 12")
        }
        let rawKind = head.readLE16(at: 4)
        guard let kind = PTPContainer.Kind(rawValue: rawKind) else {
            throw PTPError(.malformedContainer, operation: operation, message: "unknown container type \(rawKind)")
        }
        return PTPContainerHeader(length: length, kind: kind, code: head.readLE16(at: 6),
                                  transactionID: head.readLE32(at: 8))
    }
}

extension Array where Element == UInt8 {
    mutating func appendLE(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func appendLE(_ v: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(shift)) & 0xFF)) } }
    mutating func appendLE(_ v: UInt64) { for shift in stride(from: 0, to: 64, by: 8) { append(UInt8((v >> UInt64(shift)) & 0xFF)) } }

    func readLE16(at i: Int) -> UInt16 { UInt16(self[i]) | UInt16(self[i + 1]) << 8 }
    func readLE32(at i: Int) -> UInt32 {
        UInt32(self[i]) | UInt32(self[i + 1]) << 8 | UInt32(self[i + 2]) << 16 | UInt32(self[i + 3]) << 24
    }
}
