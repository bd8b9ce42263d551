/// Bytes of a file held for the MP4 module to parse (a `moov` payload, a box header).
struct BigEndianBytes {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }
}
