/// Bytes held in memory for the MP4 module to parse as boxes: a `moov` payload or a box header given as
/// bytes rather than read from a file (`MP4SampleIndex(moov:)`, `MP4Box.parse`, which tests call).
struct BigEndianBytes {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }
}
