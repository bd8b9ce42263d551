/// Where the sample tables of a `moov` box put each track's samples: enough to tell whether the index
/// covers the media data and whether the data it points to is in the file. Parsed from the `moov`
/// bytes alone; every count is checked against the bytes that hold it, so a hostile box cannot make
/// the parser loop or trap.
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

    /// The largest sample end over all tracks.
    var dataEnd: Int64? { tracks.compactMap(\.dataEnd).max() }

    /// Parses the payload of a `moov` box.
    init(moov bytes: BigEndianBytes) {
        guard let children = Self.children(bytes, 0..<bytes.count) else {
            problems.append("moov: malformed child boxes")
            return
        }
        for (type, payload) in children {
            switch type {
            case "mvex": fragmented = true
            case "trak":
                if let track = parseTrack(bytes, payload, number: tracks.count + 1) { tracks.append(track) }
            default: break
            }
        }
    }

    /// The child boxes filling `range`, or nil when they do not (a size runs past the parent).
    static func children(_ bytes: BigEndianBytes, _ range: Range<Int>) -> [(type: String, payload: Range<Int>)]? {
        var result: [(String, Range<Int>)] = []
        var at = range.lowerBound
        while at + 8 <= range.upperBound {
            guard let box = MP4Box.parse(bytes, at: at, base: 0, limit: Int64(range.upperBound)),
                  box.end <= Int64(range.upperBound) else { return nil }
            result.append((box.type, Int(box.payloadOffset)..<Int(box.end)))
            at = Int(box.end)
        }
        // Up to 7 trailing bytes are tolerated (some writers pad a container with a 4-byte zero).
        return result
    }

    private static func child(_ bytes: BigEndianBytes, _ range: Range<Int>, _ type: String) -> Range<Int>? {
        children(bytes, range)?.first(where: { $0.type == type })?.payload
    }

    private mutating func parseTrack(_ bytes: BigEndianBytes, _ trak: Range<Int>, number: Int) -> Track? {
        guard let mdia = Self.child(bytes, trak, "mdia") else {
            problems.append("track \(number): no mdia box")
            return nil
        }
        // hdlr: version/flags (4), pre_defined (4), handler_type (4).
        let handler = Self.child(bytes, mdia, "hdlr").flatMap { bytes.fourCC($0.lowerBound + 8) }
        guard let minf = Self.child(bytes, mdia, "minf"), let stbl = Self.child(bytes, minf, "stbl"),
              let tables = Self.children(bytes, stbl)
        else {
            problems.append("track \(number): no sample table")
            return nil
        }
        func table(_ type: String) -> Range<Int>? { tables.first(where: { $0.type == type })?.payload }

        guard let sizes = SampleSizes(bytes, stsz: table("stsz"), stz2: table("stz2")) else {
            problems.append("track \(number): sample size table missing or malformed")
            return nil
        }
        var track = Track(handler: handler, sampleCount: sizes.count)
        if sizes.count == 0 { return track }
        guard let chunkOffsets = Self.chunkOffsets(bytes, stco: table("stco"), co64: table("co64")),
              let runs = Self.sampleToChunk(bytes, table("stsc"))
        else {
            problems.append("track \(number): chunk offset or sample-to-chunk table missing or malformed")
            return track
        }

        // Walk the chunks in order; each holds the number of samples its stsc run says, one after another.
        var sample = 0
        var run = 0
        var start: Int64 = .max
        var end: Int64 = 0
        for (chunkIndex, chunkOffset) in chunkOffsets.enumerated() {
            let chunkNumber = UInt32(chunkIndex + 1)
            while run + 1 < runs.count, runs[run + 1].firstChunk <= chunkNumber { run += 1 }
            guard runs[run].firstChunk <= chunkNumber else {
                problems.append("track \(number): chunk \(chunkNumber) precedes the first sample-to-chunk entry")
                return track
            }
            let wanted = Int(runs[run].samplesPerChunk)
            let taken = min(wanted, sizes.count - sample)
            guard let bytesInChunk = sizes.total(from: sample, count: taken) else { return track }
            if taken > 0 {
                start = min(start, chunkOffset)
                end = max(end, chunkOffset + bytesInChunk)
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

    /// stco (32-bit) or co64 (64-bit) chunk offsets.
    private static func chunkOffsets(_ bytes: BigEndianBytes, stco: Range<Int>?, co64: Range<Int>?) -> [Int64]? {
        let (range, width) = stco.map { ($0, 4) } ?? co64.map { ($0, 8) } ?? (nil, 0)
        guard let range, let count = bytes.u32(range.lowerBound + 4) else { return nil }
        let first = range.lowerBound + 8
        guard Int(count) <= (range.upperBound - first) / width else { return nil }
        var offsets: [Int64] = []
        offsets.reserveCapacity(Int(count))
        for i in 0..<Int(count) {
            let at = first + i * width
            guard let value = width == 4 ? bytes.u32(at).map(UInt64.init) : bytes.u64(at),
                  value <= UInt64(Int64.max / 2) else { return nil }
            offsets.append(Int64(value))
        }
        return offsets
    }

    /// stsc: runs of chunks with the same number of samples each, in chunk order.
    private static func sampleToChunk(_ bytes: BigEndianBytes, _ range: Range<Int>?) -> [(firstChunk: UInt32, samplesPerChunk: UInt32)]? {
        guard let range, let count = bytes.u32(range.lowerBound + 4) else { return nil }
        let first = range.lowerBound + 8
        guard count > 0, Int(count) <= (range.upperBound - first) / 12 else { return nil }
        var runs: [(UInt32, UInt32)] = []
        for i in 0..<Int(count) {
            guard let chunk = bytes.u32(first + i * 12), let samples = bytes.u32(first + i * 12 + 4) else { return nil }
            if let last = runs.last, chunk <= last.0 { return nil }
            runs.append((chunk, samples))
        }
        return runs
    }
}
