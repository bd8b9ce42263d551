import MP4

/// Where an MP4/MOV file keeps its index (`moov`) relative to its media data (`mdat`), read from the
/// top-level box headers alone (the MP4 module's `BoxReader`): a handful of reads however large the file.
public enum MP4IndexPlacement: String, Sendable, Hashable, Codable {
    /// `moov` before the first `mdat`: players start at once (already "faststart").
    case beforeData = "before_data"
    /// `moov` after the media data: a browser must fetch the end of the file first; a faststart copy
    /// helps.
    case afterData = "after_data"
    /// No `moov` at all: the recording stopped before its index was written.
    case missing
    /// Not an MP4/MOV file.
    case notMP4 = "not_mp4"

    /// No real file has more top-level boxes; hostile input must not keep the walk going.
    package static let boxLimit = 100_000

    /// The placement in the file at `path`.
    public static func of(path: String) throws(MediaError) -> MP4IndexPlacement {
        let file = MP4FileBytes(try FileSource(path: path))
        let walk = try MediaError.readingMP4(path) { try BoxReader.topLevelBoxes(of: file, maxBoxes: boxLimit) }
        guard walk.beginsLikeMP4 else { return .notMP4 }
        guard let moov = walk.boxes.firstIndex(where: { $0.type == "moov" }) else { return .missing }
        let data = walk.boxes.firstIndex { $0.type == "mdat" }
        return data.map { $0 < moov } == true ? .afterData : .beforeData
    }
}
