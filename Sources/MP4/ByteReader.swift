/// Reading ran past the end of a buffer; callers turn it into an `MP4Error` that names the box.
struct OutOfBytes: Error {}

/// A big-endian cursor over bytes held in memory (a box payload). Every read is bounds-checked and throws
/// rather than trapping, since the bytes come from files that may be damaged.
struct ByteReader {
    let bytes: ArraySlice<UInt8>
    /// Absolute index into `bytes` (slices keep their parent's indices).
    private(set) var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    var remaining: Int { bytes.endIndex - index }
    var isAtEnd: Bool { index >= bytes.endIndex }
    /// Bytes consumed since the start of the buffer.
    var position: Int { index - bytes.startIndex }

    mutating func u8() throws -> UInt8 {
        guard index < bytes.endIndex else { throw OutOfBytes() }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func u16() throws -> UInt16 { UInt16(try unsigned(2)) }
    mutating func u24() throws -> UInt32 { UInt32(try unsigned(3)) }
    mutating func u32() throws -> UInt32 { UInt32(try unsigned(4)) }
    mutating func u64() throws -> UInt64 { try unsigned(8) }
    mutating func i32() throws -> Int32 { Int32(bitPattern: try u32()) }
    mutating func i64() throws -> Int64 { Int64(bitPattern: try u64()) }

    mutating func fourCC() throws -> FourCC {
        FourCC(rawValue: try u32())
    }

    mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw OutOfBytes() }
        defer { index += count }
        return bytes[index..<index + count]
    }

    mutating func skip(_ count: Int) throws {
        guard count >= 0, count <= remaining else { throw OutOfBytes() }
        index += count
    }

    /// Version (1 byte) and flags (3 bytes) of a full box.
    mutating func versionAndFlags() throws -> (version: UInt8, flags: UInt32) {
        let word = try u32()
        return (UInt8(word >> 24), word & 0xFF_FFFF)
    }

    private mutating func unsigned(_ count: Int) throws -> UInt64 {
        guard count <= remaining else { throw OutOfBytes() }
        var value: UInt64 = 0
        for offset in 0..<count { value = value << 8 | UInt64(bytes[index + offset]) }
        index += count
        return value
    }
}
