/// Bounds-checked big-endian reads from bytes of a file, for the box walker: every read of untrusted
/// input returns nil instead of trapping when it would fall outside the bytes.
struct BigEndianBytes {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    func u8(_ at: Int) -> UInt8? {
        at >= 0 && at < bytes.count ? bytes[at] : nil
    }

    func u16(_ at: Int) -> UInt16? {
        guard at >= 0, at <= bytes.count - 2 else { return nil }
        return UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }

    func u32(_ at: Int) -> UInt32? {
        guard at >= 0, at <= bytes.count - 4 else { return nil }
        var value: UInt32 = 0
        for i in 0..<4 { value = value << 8 | UInt32(bytes[at + i]) }
        return value
    }

    func u64(_ at: Int) -> UInt64? {
        guard at >= 0, at <= bytes.count - 8 else { return nil }
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(bytes[at + i]) }
        return value
    }

    /// Four bytes as a box type, when they are printable ASCII (as every registered type is; `©xyz`
    /// style types only occur inside `udta`, which the walker does not enter).
    func fourCC(_ at: Int) -> String? {
        guard at >= 0, at <= bytes.count - 4 else { return nil }
        let code = bytes[at..<at + 4]
        guard code.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else { return nil }
        return String(decoding: code, as: UTF8.self)
    }
}
