/// PTP's little-endian encoding, written for the emulator (it shares no code with the driver).
extension EmulatedMTPDevice {
    /// A container header; a length past 32 bits is 0xFFFFFFFF (the data then ends with its last short packet).
    static func header(length: UInt64, type: UInt16, code: UInt16, tid: UInt32) -> [UInt8] {
        le32(length > 0xFFFF_FFFF ? 0xFFFF_FFFF : UInt32(length)) + le16(type) + le16(code) + le32(tid)
    }
    static func container(type: UInt16, code: UInt16, tid: UInt32, payload: [UInt8]) -> [UInt8] {
        header(length: UInt64(12 + payload.count), type: type, code: code, tid: tid) + payload
    }
    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> UInt32(8 * $0)) & 0xFF) } }
    static func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8((v >> UInt64(8 * $0)) & 0xFF) } }
    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    static func string(_ text: String) -> [UInt8] {
        if text.isEmpty { return [0] }
        let units = Array(text.utf16) + [0]
        return [UInt8(units.count)] + units.flatMap(le16)
    }
    static func readString(_ b: [UInt8]) -> String? {
        guard let n = b.first.map(Int.init), n > 0, b.count >= 1 + 2 * n else { return nil }
        return String(decoding: (0..<n - 1).map { u16(b, 1 + 2 * $0) }, as: UTF16.self)
    }
}
