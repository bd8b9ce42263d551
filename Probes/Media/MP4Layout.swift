/// How an MP4/MOV file is laid out: its top-level boxes and where its index (`moov`) and media data
/// (`mdat`) lie. Derived media read it: a faststart copy is wanted when the index is at the end, and
/// recovery starts from where the data stops being indexed.
public struct MP4Layout: Sendable, Hashable, Codable {
    public var boxes: [MP4Box]
    /// The `moov` comes after the first `mdat`: a player must read the whole file before it can start.
    /// Nil without a `moov`.
    public var indexAtEnd: Bool?
    /// Samples live in movie fragments (`moof`), described as they are written.
    public var fragmented: Bool
    /// The largest end (offset + size) of a sample the index describes.
    public var indexedDataEnd: Int64?
    /// The end of the media data actually present: the last `mdat`'s end, or the end of the file when
    /// that box was cut.
    public var mediaDataEnd: Int64?

    enum CodingKeys: String, CodingKey {
        case boxes
        case indexAtEnd = "index_at_end"
        case fragmented
        case indexedDataEnd = "indexed_data_end"
        case mediaDataEnd = "media_data_end"
    }
}
