/// A most-significant-bit-first reader for the bit syntaxes inside samples (H.264 headers, AAC raw data
/// blocks). Throws `OutOfBytes` at the end instead of trapping: the bits are often not what they claim.
struct BitReader {
    let bytes: [UInt8]
    private(set) var bitPosition = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = Array(bytes)
    }

    var bitsLeft: Int { bytes.count * 8 - bitPosition }

    mutating func bit() throws -> UInt32 {
        guard bitPosition < bytes.count * 8 else { throw OutOfBytes() }
        let byte = bytes[bitPosition >> 3]
        let value = UInt32(byte >> (7 - UInt8(bitPosition & 7)) & 1)
        bitPosition += 1
        return value
    }

    mutating func flag() throws -> Bool { try bit() == 1 }

    /// `count` bits (0...32) as an unsigned number.
    mutating func bits(_ count: Int) throws -> UInt32 {
        precondition((0...32).contains(count))
        guard count <= bitsLeft else { throw OutOfBytes() }
        var value: UInt64 = 0
        for _ in 0..<count { value = value << 1 | UInt64(try bit()) }
        return UInt32(value)
    }

    mutating func skip(bits count: Int) throws {
        guard count >= 0, count <= bitsLeft else { throw OutOfBytes() }
        bitPosition += count
    }

    mutating func alignToByte() {
        bitPosition = (bitPosition + 7) & ~7
    }

    /// Unsigned Exp-Golomb, ue(v) (H.264 9.1). More than 31 leading zeros cannot be a valid code here.
    mutating func ue() throws -> UInt32 {
        var zeros = 0
        while try bit() == 0 {
            zeros += 1
            guard zeros <= 31 else { throw OutOfBytes() }
        }
        guard zeros > 0 else { return 0 }
        let suffix = UInt64(try bits(zeros))
        return UInt32(truncatingIfNeeded: (UInt64(1) << zeros) - 1 + suffix)
    }

    /// Signed Exp-Golomb, se(v) (H.264 9.1.1).
    mutating func se() throws -> Int32 {
        let code = Int64(try ue())
        return Int32(code % 2 == 1 ? (code + 1) / 2 : -(code / 2))
    }
}
