/// The fields of a track header (tkhd, ISO/IEC 14496-12 8.3.2) a rebuilt file writes back.
public struct TrackHeader: Sendable, Equatable {
    public var flags: UInt32 = 3  // enabled, in movie
    public var creationTime: UInt64 = 0
    public var modificationTime: UInt64 = 0
    public var trackID: UInt32 = 1
    /// In the movie timescale.
    public var duration: UInt64 = 0
    public var layer: Int16 = 0
    public var alternateGroup: Int16 = 0
    /// 8.8 fixed point: 0x0100 for audio, 0 otherwise.
    public var volume: Int16 = 0
    public var matrix: [Int32] = TrackHeader.identity
    /// 16.16 fixed point.
    public var width: UInt32 = 0
    public var height: UInt32 = 0

    public static let identity: [Int32] = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x4000_0000]

    public init() {}

    init(tkhd: Box) throws {
        var reader = ByteReader(tkhd.payload)
        let (version, flags) = try reader.versionAndFlags()
        self.flags = flags
        if version == 1 {
            creationTime = try reader.u64()
            modificationTime = try reader.u64()
            trackID = try reader.u32()
            try reader.skip(4)
            duration = try reader.u64()
        } else {
            creationTime = UInt64(try reader.u32())
            modificationTime = UInt64(try reader.u32())
            trackID = try reader.u32()
            try reader.skip(4)
            duration = UInt64(try reader.u32())
        }
        try reader.skip(8)
        layer = Int16(bitPattern: try reader.u16())
        alternateGroup = Int16(bitPattern: try reader.u16())
        volume = Int16(bitPattern: try reader.u16())
        try reader.skip(2)
        matrix = try (0..<9).map { _ in try reader.i32() }
        width = try reader.u32()
        height = try reader.u32()
    }
}

/// One entry of an edit list (elst, 8.6.6): which media time the track's presentation starts from.
public struct EditListEntry: Sendable, Equatable {
    /// In the movie timescale.
    public var segmentDuration: UInt64
    /// In the media timescale; -1 is an empty edit (nothing shown for `segmentDuration`).
    public var mediaTime: Int64
    /// 16.16 fixed point; 0x10000 is normal speed.
    public var mediaRate: Int32

    public init(segmentDuration: UInt64, mediaTime: Int64, mediaRate: Int32 = 0x10000) {
        self.segmentDuration = segmentDuration
        self.mediaTime = mediaTime
        self.mediaRate = mediaRate
    }
}

/// A track of a movie: its header, media facts, sample descriptions and sample table.
public struct MP4Track: Sendable {
    public var header: TrackHeader
    /// The media handler: `vide`, `soun`, …
    public var handler: FourCC
    public var mediaTimescale: UInt32
    public var mediaDuration: UInt64
    /// ISO 639-2/T language packed in 15 bits, as mdhd stores it.
    public var language: UInt16
    public var editList: [EditListEntry]
    public var sampleEntries: [SampleEntry]
    public var sampleTable: SampleTable
    /// Boxes copied verbatim into a rebuilt file: hdlr, the media header (vmhd, smhd, …), dinf and stsd.
    public var handlerBox: Box
    public var mediaInformationHeader: Box?
    public var dataInformation: Box?
    public var sampleDescriptions: Box

    public var trackID: UInt32 { header.trackID }
    public var isVideo: Bool { handler == "vide" }
    public var isAudio: Bool { handler == "soun" }

    /// Parses a `trak` box; `mediaBytes` (the bytes of media data the file holds) bounds the sample counts
    /// its tables may claim.
    init(trak: Box, mediaBytes: Int64) throws {
        guard let tkhd = try trak.child("tkhd") else { throw BoxError("a track has no tkhd") }
        header = try TrackHeader(tkhd: tkhd)
        let id = header.trackID
        func missing(_ what: String) -> BoxError { BoxError("track \(id) has no \(what)") }
        guard let mdia = try trak.child("mdia") else { throw missing("mdia") }
        guard let mdhd = try mdia.child("mdhd") else { throw missing("mdhd") }
        var reader = ByteReader(mdhd.payload)
        let (version, _) = try reader.versionAndFlags()
        if version == 1 {
            try reader.skip(16)
            mediaTimescale = try reader.u32()
            mediaDuration = try reader.u64()
        } else {
            try reader.skip(8)
            mediaTimescale = try reader.u32()
            mediaDuration = UInt64(try reader.u32())
        }
        guard mediaTimescale > 0 else { throw BoxError("track \(id) has a media timescale of 0") }
        language = try reader.u16() & 0x7FFF
        guard let hdlr = try mdia.child("hdlr") else { throw missing("hdlr") }
        handlerBox = hdlr
        var hdlrReader = ByteReader(hdlr.payload)
        try hdlrReader.skip(8)
        handler = try hdlrReader.fourCC()
        guard let minf = try mdia.child("minf") else { throw missing("minf") }
        let minfChildren = try minf.children()
        mediaInformationHeader = minfChildren.first { ["vmhd", "smhd", "nmhd", "sthd", "hmhd", "gmhd"].contains($0.type) }
        dataInformation = minfChildren.first { $0.type == "dinf" }
        guard let stbl = minfChildren.first(where: { $0.type == "stbl" }) else { throw missing("stbl") }
        guard let stsd = try stbl.child("stsd") else { throw missing("stsd") }
        sampleDescriptions = stsd
        do {
            sampleEntries = try stsd.children(skipping: 8).map(SampleEntry.init(box:))
            sampleTable = try SampleTable(stbl: stbl)
            try sampleTable.checkSampleCounts(mediaBytes: mediaBytes)
        } catch let error as BoxError {
            throw error.within("track \(id)")
        } catch is OutOfBytes {
            throw BoxError("track \(id): a sample table box is cut short")
        }
        editList = []
        if let elst = try trak.descendant(["edts", "elst"]) {
            var reader = ByteReader(elst.payload)
            let (version, _) = try reader.versionAndFlags()
            let count = Int(try reader.u32())
            guard count * (version == 1 ? 20 : 12) <= reader.remaining else { throw BoxError("track \(id): elst is cut short") }
            for _ in 0..<count {
                let duration = version == 1 ? try reader.u64() : UInt64(try reader.u32())
                let mediaTime = version == 1 ? try reader.i64() : Int64(try reader.i32())
                editList.append(EditListEntry(segmentDuration: duration, mediaTime: mediaTime, mediaRate: try reader.i32()))
            }
        }
    }
}
