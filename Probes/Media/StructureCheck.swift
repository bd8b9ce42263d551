import Media

/// What a format-specific structure check concluded, with its reasons.
struct StructureVerdict {
    var integrity: Integrity
    var notes: [String] = []
    /// The MP4/MOV layout, for MP4-family files.
    var mp4: MP4Layout?
    /// Why the file must not be opened with FFmpeg (its index claims more than the file holds, and
    /// FFmpeg's reader would allocate for the claim); nil when it may be.
    var unsafeForDemuxer: String?
}

/// A cheap check of one container family's own structure, reading headers only. Returns nil when the
/// file is not of its family.
protocol StructureCheck {
    static func check(_ file: FileSource, size: Int64) throws(MediaError) -> StructureVerdict?
}
