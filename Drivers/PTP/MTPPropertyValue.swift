/// One object property's value as the device sent it, by its data type: an unsigned or signed integer up to
/// 64 bits, a 128-bit integer (kept as its 16 little-endian bytes: a persistent identifier is compared, never
/// computed with), a string, or an array (its elements, each a value).
public enum MTPPropertyValue: Hashable, Sendable {
    case unsigned(UInt64)
    case signed(Int64)
    case wide([UInt8])
    case string(String)
    case array([MTPPropertyValue])

    /// The value as an unsigned integer when it is one (or a non-negative signed one).
    public var unsignedValue: UInt64? {
        switch self {
        case .unsigned(let v): v
        case .signed(let v) where v >= 0: UInt64(v)
        default: nil
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Reads one value of `type` at the reader's offset. Arrays are bounded by the bytes left (a count that
    /// cannot fit is short data, never an allocation); a type code this parser does not know is an error.
    public static func read(_ type: UInt16, from r: inout PTPDataReader, _ what: String) throws(PTPError)
        -> MTPPropertyValue
    {
        if type == PTPDataType.string { return .string(try r.string(what)) }
        if type & PTPDataType.arrayFlag != 0 {
            let element = type & ~PTPDataType.arrayFlag
            guard let width = PTPDataType.width(element) else {
                throw PTPError(.shortData, operation: r.operationName, message: "\(what): unknown array type 0x\(hex(type))")
            }
            let count = Int(try r.u32("\(what) count"))
            guard count <= r.remaining / width else {
                throw PTPError(.shortData, operation: r.operationName, message: "\(what): \(count) elements do not fit")
            }
            var values: [MTPPropertyValue] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try read(element, from: &r, what)) }
            return .array(values)
        }
        let signed = type & 1 == 1
        switch PTPDataType.width(type) {
        case 1: let v = try r.u8(what); return signed ? .signed(Int64(Int8(bitPattern: v))) : .unsigned(UInt64(v))
        case 2: let v = try r.u16(what); return signed ? .signed(Int64(Int16(bitPattern: v))) : .unsigned(UInt64(v))
        case 4: let v = try r.u32(what); return signed ? .signed(Int64(Int32(bitPattern: v))) : .unsigned(UInt64(v))
        case 8: let v = try r.u64(what); return signed ? .signed(Int64(bitPattern: v)) : .unsigned(v)
        case 16: return .wide(try r.bytes(16, what))
        default:
            throw PTPError(.shortData, operation: r.operationName, message: "\(what): unknown data type 0x\(hex(type))")
        }
    }

    /// A GetObjectPropValue answer: exactly one value of `type`, nothing after it.
    public static func parse(_ bytes: [UInt8], type: UInt16, operation: String = "GetObjectPropValue") throws(PTPError)
        -> MTPPropertyValue
    {
        var r = PTPDataReader(bytes, operation: operation)
        let value = try read(type, from: &r, "value")
        guard r.remaining == 0 else {
            throw PTPError(.shortData, operation: operation, message: "\(r.remaining) bytes after the value")
        }
        return value
    }
}
