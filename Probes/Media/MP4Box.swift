/// One ISO base media (MP4, MOV) box as its header states it.
public struct MP4Box: Sendable, Hashable, Codable {
    /// The four-character type (`ftyp`, `moov`, `mdat`).
    public var type: String
    /// Where the box starts in the file.
    public var offset: Int64
    /// The size the header declares, header included; for a box whose size field is 0 ("to the end of
    /// the file"), the bytes up to the end.
    public var size: Int64
    /// 8, or 16 with a 64-bit size.
    public var headerSize: Int
    /// The size field was 0: the writer never went back to fill it in.
    public var extendsToEnd: Bool

    public var end: Int64 { offset + size }
    public var payloadOffset: Int64 { offset + Int64(headerSize) }

    enum CodingKeys: String, CodingKey {
        case type, offset, size
        case headerSize = "header_size"
        case extendsToEnd = "extends_to_end"
    }

    /// The header at `at` in `bytes` (whose first byte is at file offset `base`), or nil when the
    /// bytes there are not a box header. `limit` is the end of the enclosing space (the file size for
    /// top-level boxes), which a size-0 box extends to.
    static func parse(_ bytes: BigEndianBytes, at: Int, base: Int64, limit: Int64) -> MP4Box? {
        guard let size32 = bytes.u32(at), let type = bytes.fourCC(at + 4) else { return nil }
        let offset = base + Int64(at)
        switch size32 {
        case 0:
            return MP4Box(type: type, offset: offset, size: limit - offset, headerSize: 8, extendsToEnd: true)
        case 1:
            guard let size64 = bytes.u64(at + 8), size64 >= 16, size64 <= UInt64(Int64.max) else { return nil }
            return MP4Box(type: type, offset: offset, size: Int64(size64), headerSize: 16, extendsToEnd: false)
        case 2..<8:
            return nil
        default:
            return MP4Box(type: type, offset: offset, size: Int64(size32), headerSize: 8, extendsToEnd: false)
        }
    }

    /// The types an MP4 or QuickTime file can begin with.
    static let leadingTypes: Set<String> = ["ftyp", "styp", "moov", "mdat", "wide", "free", "skip", "pnot", "uuid"]
}
