/// Reads a PTP dataset field by field, little-endian; running off the end is ``PTPError/Code/shortData``.
public struct PTPDataReader {
    public let bytes: [UInt8]
    public private(set) var offset: Int
    let operation: String

    public init(_ bytes: [UInt8], offset: Int = 0, operation: String) {
        self.bytes = bytes
        self.offset = offset
        self.operation = operation
    }

    private mutating func take(_ n: Int, _ what: String) throws(PTPError) -> ArraySlice<UInt8> {
        guard n >= 0, offset + n <= bytes.count else {
            throw PTPError(.shortData, operation: operation,
                           message: "\(what) at offset \(offset) needs \(n) bytes, \(bytes.count - offset) left")
        }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    /// The bytes not read yet.
    public var remaining: Int { bytes.count - offset }
    /// The operation named in this reader's errors.
    public var operationName: String { operation }

    /// `n` raw bytes (a UINT128 is kept as its 16 bytes).
    public mutating func bytes(_ n: Int, _ what: String) throws(PTPError) -> [UInt8] { Array(try take(n, what)) }

    public mutating func u8(_ what: String = "UINT8") throws(PTPError) -> UInt8 { try take(1, what).first! }

    public mutating func u16(_ what: String = "UINT16") throws(PTPError) -> UInt16 {
        let s = try take(2, what)
        return UInt16(s[s.startIndex]) | UInt16(s[s.startIndex + 1]) << 8
    }

    public mutating func u32(_ what: String = "UINT32") throws(PTPError) -> UInt32 {
        let s = try take(4, what)
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(s[s.startIndex + $1]) << UInt32(8 * $1) }
    }

    public mutating func u64(_ what: String = "UINT64") throws(PTPError) -> UInt64 {
        let s = try take(8, what)
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(s[s.startIndex + $1]) << UInt64(8 * $1) }
    }

    /// An array of UINT16: a UINT32 count, then the elements.
    public mutating func u16Array(_ what: String) throws(PTPError) -> [UInt16] {
        let count = Int(try u32("\(what) count"))
        guard count <= (bytes.count - offset) / 2 else {
            throw PTPError(.shortData, operation: operation, message: "\(what): \(count) elements do not fit")
        }
        var result: [UInt16] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try u16(what)) }
        return result
    }

    /// An array of UINT32: a UINT32 count, then the elements.
    public mutating func u32Array(_ what: String) throws(PTPError) -> [UInt32] {
        let count = Int(try u32("\(what) count"))
        guard count <= (bytes.count - offset) / 4 else {
            throw PTPError(.shortData, operation: operation, message: "\(what): \(count) elements do not fit")
        }
        var result: [UInt32] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try u32(what)) }
        return result
    }

    /// A PTP string: a count byte (characters including the terminating NUL; 0 for the empty string),
    /// then that many UCS-2LE code units, the last being NUL.
    public mutating func string(_ what: String = "string") throws(PTPError) -> String {
        let count = Int(try u8("\(what) length"))
        if count == 0 { return "" }
        let raw = try take(2 * count, what)
        var units: [UInt16] = []
        units.reserveCapacity(count)
        var i = raw.startIndex
        while i < raw.endIndex {
            units.append(UInt16(raw[i]) | UInt16(raw[i + 1]) << 8)
            i += 2
        }
        guard units.last == 0 else {
            throw PTPError(.shortData, operation: operation, message: "\(what) is not NUL-terminated")
        }
        units.removeLast()
        return String(decoding: units, as: UTF16.self)
    }
}

/// Writing PTP datasets (for SetDevicePropValue, and for tests' device models).
public enum PTPDataWriter {
    /// A PTP string: count byte (code units including NUL), UTF-16LE units, NUL. The empty string is one 0 byte.
    /// Strings of more than 254 units are refused. A character outside the basic plane is a surrogate pair, as
    /// MTP devices write it and ``PTPDataReader/string(_:)`` reads it: what is read can be written back (a Swift
    /// string never holds a lone surrogate).
    public static func string(_ text: String, operation: String = "encode") throws(PTPError) -> [UInt8] {
        if text.isEmpty { return [0] }
        let units = Array(text.utf16)
        guard units.count <= 254 else {
            throw PTPError(.invalidArgument, operation: operation, message: "not a PTP string: \(text)")
        }
        var bytes: [UInt8] = [UInt8(units.count + 1)]
        for u in units + [0] { bytes.appendLE(u) }
        return bytes
    }
}
