import MP4

/// One ISO base media (MP4, MOV) box as its header states it: the MP4 module's `BoxHeader` as the probe
/// reports it.
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

    init(type: String, offset: Int64, size: Int64, headerSize: Int, extendsToEnd: Bool) {
        self.type = type
        self.offset = offset
        self.size = size
        self.headerSize = headerSize
        self.extendsToEnd = extendsToEnd
    }

    init(_ header: BoxHeader) {
        // `header_size` counts the size fields only, as it always has: a `uuid` box's user type is not in it.
        self.init(
            type: header.type.description, offset: header.offset, size: header.size,
            headerSize: header.headerSize - (header.userType == nil ? 0 : 16), extendsToEnd: header.extendsToEnd)
    }

    /// The header at `at` in `bytes` (whose first byte is at file offset `base`), or nil when the
    /// bytes there are not a box header. `limit` is the end of the enclosing space (the file size for
    /// top-level boxes), which a size-0 box extends to.
    static func parse(_ bytes: BigEndianBytes, at: Int, base: Int64, limit: Int64) -> MP4Box? {
        guard at >= 0, at <= bytes.count,
              case .success(let header) = BoxHeader.decode(
                  bytes.bytes[at..<min(at + 32, bytes.count)], at: base + Int64(at), containerEnd: limit),
              header.type.isPrintable
        else { return nil }
        return MP4Box(header)
    }
}
