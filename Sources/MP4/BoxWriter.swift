/// Serialises boxes into memory, big-endian as ISO BMFF wants. Sizes are patched once a box's body is
/// written, so callers never compute them by hand; a box over 4 GiB gets a 64-bit largesize.
public struct BoxWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func u8(_ value: UInt8) { bytes.append(value) }
    public mutating func u16(_ value: UInt16) { append(UInt64(value), count: 2) }
    public mutating func u24(_ value: UInt32) { append(UInt64(value & 0xFF_FFFF), count: 3) }
    public mutating func u32(_ value: UInt32) { append(UInt64(value), count: 4) }
    public mutating func u64(_ value: UInt64) { append(value, count: 8) }
    public mutating func i16(_ value: Int16) { u16(UInt16(bitPattern: value)) }
    public mutating func i32(_ value: Int32) { u32(UInt32(bitPattern: value)) }
    public mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }
    public mutating func fourCC(_ value: FourCC) { u32(value.rawValue) }
    public mutating func zeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }
    public mutating func append<Bytes: Sequence>(_ data: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: data)
    }

    /// Writes a box of `type` whose payload `body` writes.
    public mutating func box(_ type: FourCC, _ body: (inout BoxWriter) throws -> Void) rethrows {
        let start = bytes.count
        u32(0)
        fourCC(type)
        try body(&self)
        let size = bytes.count - start
        if size <= Int(UInt32.max) {
            patch(UInt64(size), count: 4, at: start)
        } else {
            // size 1 and the 64-bit size after the type: insert the 8 bytes, the box grows by them.
            bytes.insert(contentsOf: repeatElement(0, count: 8), at: start + 8)
            patch(1, count: 4, at: start)
            patch(UInt64(size + 8), count: 8, at: start + 8)
        }
    }

    /// A full box: version and flags, then `body`.
    public mutating func fullBox(_ type: FourCC, version: UInt8, flags: UInt32 = 0, _ body: (inout BoxWriter) throws -> Void) rethrows {
        try box(type) { writer in
            writer.u32(UInt32(version) << 24 | (flags & 0xFF_FFFF))
            try body(&writer)
        }
    }

    private mutating func append(_ value: UInt64, count: Int) {
        for shift in stride(from: (count - 1) * 8, through: 0, by: -8) { bytes.append(UInt8(value >> UInt64(shift) & 0xFF)) }
    }

    private mutating func patch(_ value: UInt64, count: Int, at index: Int) {
        for offset in 0..<count { bytes[index + offset] = UInt8(value >> UInt64((count - 1 - offset) * 8) & 0xFF) }
    }
}
