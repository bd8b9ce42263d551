import Foundation

/// The movie header's fields (mvhd, ISO/IEC 14496-12 8.2.2) a rebuilt file writes back.
public struct MovieHeader: Sendable, Equatable {
    public var creationTime: UInt64 = 0
    public var modificationTime: UInt64 = 0
    public var timescale: UInt32 = 1000
    /// In `timescale` units.
    public var duration: UInt64 = 0
    /// 16.16, 0x10000 normal.
    public var rate: Int32 = 0x10000
    /// 8.8, 0x0100 full.
    public var volume: Int16 = 0x0100
    public var matrix: [Int32] = TrackHeader.identity
    public var nextTrackID: UInt32 = 1

    public init() {}

    init(mvhd: Box) throws {
        var reader = ByteReader(mvhd.payload)
        let (version, _) = try reader.versionAndFlags()
        if version == 1 {
            creationTime = try reader.u64()
            modificationTime = try reader.u64()
            timescale = try reader.u32()
            duration = try reader.u64()
        } else {
            creationTime = UInt64(try reader.u32())
            modificationTime = UInt64(try reader.u32())
            timescale = try reader.u32()
            duration = UInt64(try reader.u32())
        }
        rate = try reader.i32()
        volume = Int16(bitPattern: try reader.u16())
        try reader.skip(10)
        matrix = try (0..<9).map { _ in try reader.i32() }
        try reader.skip(24)
        nextTrackID = try reader.u32()
    }

    /// The duration in seconds.
    public var seconds: Double { timescale == 0 ? 0 : Double(duration) / Double(timescale) }
}

/// A healthy MP4 (or QuickTime) file's structure: its top-level boxes, file type and movie. Only the movie box
/// is read into memory; the media data stays on disk.
public struct MP4File: Sendable {
    public let path: String
    public let size: Int64
    public let topLevel: [BoxHeader]
    /// The `ftyp` box, verbatim, when there is one.
    public let fileType: Box?
    public let movieHeader: MovieHeader
    public let tracks: [MP4Track]

    /// Reads the file's boxes and parses its movie box. Throws `noMovieBox` for a file without one (a
    /// truncated recording) and `malformed` when the movie box does not parse.
    public static func read(_ url: URL) throws -> MP4File {
        let file = try ReadOnlyFile(url)
        let walk = try BoxReader.topLevelBoxes(of: file)
        guard !walk.boxes.isEmpty else {
            throw MP4Error.malformed(path: file.path, detail: walk.problem ?? "the file is empty")
        }
        guard let moovHeader = walk.first("moov") else { throw MP4Error.noMovieBox(path: file.path) }
        let moov = try BoxReader.load(moovHeader, from: file)
        do {
            guard let mvhd = try moov.child("mvhd") else { throw BoxError("the movie box has no mvhd") }
            let mediaBytes = Self.mediaBytes(walk.boxes, fileSize: file.size)
            let tracks = try moov.children().filter { $0.type == "trak" }.map { try MP4Track(trak: $0, mediaBytes: mediaBytes) }
            let fileType = try walk.first("ftyp").map { try BoxReader.load($0, from: file) }
            return MP4File(
                path: file.path, size: file.size, topLevel: walk.boxes, fileType: fileType,
                movieHeader: try MovieHeader(mvhd: mvhd), tracks: tracks)
        } catch let error as BoxError {
            throw MP4Error.malformed(path: file.path, detail: error.description)
        } catch is OutOfBytes {
            throw MP4Error.malformed(path: file.path, detail: "a box in the movie box is cut short")
        }
    }

    /// The bytes of media data in the file: the payloads of its top-level `mdat` boxes, as far as the file
    /// goes. Every sample of a healthy file lies there, so no table may claim more samples than these bytes
    /// hold (`SampleTable.checkSampleCounts`).
    static func mediaBytes(_ boxes: [BoxHeader], fileSize: Int64) -> Int64 {
        boxes.filter { $0.type == "mdat" }.reduce(0) { $0 + max(0, min($1.end, fileSize) - $1.payloadOffset) }
    }
}
