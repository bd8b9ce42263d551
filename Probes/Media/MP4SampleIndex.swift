import MP4

/// Where the sample tables of a `moov` box put each track's samples: enough to tell whether the index
/// covers the media data and whether the data it points to is in the file. The boxes and tables are read
/// by the MP4 module (`Box`, `SampleTable`), which checks every count against the bytes that hold it, so a
/// hostile box cannot make the parser loop or trap; what is checked here is whether the tables agree. A
/// constant sample size stays one (`SampleSizes`): nothing here costs memory per sample, and the samples a
/// constant `stsz` claims are held against the media data the file declares.
struct MP4SampleIndex {
    struct Track {
        /// The handler type: `vide`, `soun`, `meta` …
        var handler: String?
        var sampleCount: Int
        /// The smallest chunk offset and the largest end of a sample (offset + size) over the track.
        var dataStart: Int64?
        var dataEnd: Int64?
    }

    var tracks: [Track] = []
    /// The `moov` holds an `mvex`: samples live in movie fragments (`moof`), not in these tables.
    var fragmented = false
    /// Where the tables disagree with themselves; the file's index is damaged.
    var problems: [String] = []
    /// A table claims more entries or samples than its box or the media data can hold. FFmpeg's MP4
    /// reader allocates for every claimed sample before it checks, so such a file is not handed to it.
    var overclaimed = false

    /// The largest sample end over all tracks.
    var dataEnd: Int64? { tracks.compactMap(\.dataEnd).max() }

    /// The bytes of media data the file declares (its `mdat` payloads, a cut one at its declared size), which
    /// must hold every sample; nil when unknown, and the sample counts are then not bounded.
    let mediaBytes: Int64?

    /// Parses a `moov` box.
    init(moov: Box, mediaBytes: Int64? = nil) {
        self.init(mediaBytes: mediaBytes, children: { try moov.children() })
    }

    /// Parses the payload of a `moov` box.
    init(moov bytes: BigEndianBytes, mediaBytes: Int64? = nil) {
        self.init(mediaBytes: mediaBytes, children: { try Box.sequence(in: bytes.bytes[...], startingAt: 0) })
    }

    private init(mediaBytes: Int64?, children: () throws -> [Box]) {
        self.mediaBytes = mediaBytes
        guard let children = try? children() else {
            problems.append("moov: malformed child boxes")
            return
        }
        for box in children {
            switch box.type {
            case "mvex": fragmented = true
            case "trak":
                if let track = parseTrack(box, number: tracks.count + 1) { tracks.append(track) }
            default: break
            }
        }
    }

    private mutating func parseTrack(_ trak: Box, number: Int) -> Track? {
        guard let mdia = try? trak.child("mdia") else {
            problems.append("track \(number): no mdia box")
            return nil
        }
        // hdlr: version/flags (4), pre_defined (4), handler_type (4).
        let handler = (try? mdia.child("hdlr")).flatMap { Self.fourCC($0.payload.dropFirst(8)) }
        guard let stbl = try? mdia.descendant(["minf", "stbl"]), let boxes = try? stbl.children() else {
            problems.append("track \(number): no sample table")
            return nil
        }
        // The first of each table's boxes counts, as a player reads it.
        var overclaim = false
        func read(_ types: [FourCC], into table: inout SampleTable) -> Bool {
            for type in types {
                guard let box = boxes.first(where: { $0.type == type }) else { continue }
                do {
                    return try table.read(box)
                } catch {
                    if (error as? BoxError)?.overclaim != nil { overclaim = true }
                    return false
                }
            }
            return false
        }
        defer { if overclaim { overclaimed = true } }

        var table = SampleTable()
        guard read(["stsz", "stz2"], into: &table) else {
            problems.append("track \(number): sample size table missing or malformed")
            return nil
        }
        var track = Track(handler: handler, sampleCount: table.sampleCount)
        if table.sampleCount == 0 { return track }
        if let mediaBytes {
            do {
                try table.checkSampleCounts(mediaBytes: mediaBytes)
            } catch {
                overclaim = true
                problems.append("track \(number): \(error)")
                return track
            }
        }
        guard read(["stco", "co64"], into: &table), read(["stsc"], into: &table),
              table.chunkOffsets.allSatisfy({ $0 <= UInt64(Int64.max / 2) }),
              !table.sampleToChunk.isEmpty,
              zip(table.sampleToChunk, table.sampleToChunk.dropFirst()).allSatisfy({ $0.firstChunk < $1.firstChunk })
        else {
            problems.append("track \(number): chunk offset or sample-to-chunk table missing or malformed")
            return track
        }
        if !table.chunkOffsets.isEmpty, table.sampleToChunk[0].firstChunk > 1 {
            problems.append("track \(number): chunk 1 precedes the first sample-to-chunk entry")
            return track
        }

        // Walk the chunks in order; each holds the number of samples its stsc run says, one after another.
        let sizes = table.sampleSizes
        var sample = 0
        var start: Int64 = .max
        var end: Int64 = 0
        for (chunkOffset, wanted) in zip(table.chunkOffsets, table.samplesPerChunk()) {
            let taken = min(wanted, sizes.count - sample)
            if taken > 0 {
                // A constant size sums in one step; a chunk of a hostile unbounded one saturates at 2^63 − 1.
                let bytesInChunk = Int64(clamping: sizes.sum(sample..<sample + taken))
                let (chunkEnd, overflow) = Int64(chunkOffset).addingReportingOverflow(bytesInChunk)
                start = min(start, Int64(chunkOffset))
                end = max(end, overflow ? .max : chunkEnd)
            }
            sample += taken
            if taken < wanted {
                problems.append("track \(number): sample-to-chunk table names more samples than the size table's \(sizes.count)")
                break
            }
        }
        if sample < sizes.count {
            problems.append("track \(number): chunks hold \(sample) of the \(sizes.count) samples in the size table")
        }
        track.dataStart = start == .max ? nil : start
        track.dataEnd = end > 0 ? end : nil
        return track
    }

    /// Four bytes as a type, when they are printable ASCII.
    private static func fourCC(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.count >= 4 else { return nil }
        let code = FourCC(rawValue: bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) })
        return code.isPrintable ? code.description : nil
    }
}
