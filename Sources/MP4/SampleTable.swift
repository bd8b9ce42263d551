/// A track's sample table (ISO/IEC 14496-12 8.5–8.7): when each sample plays, how big it is, where it is.
public struct SampleTable: Sendable, Equatable {
    /// `count` consecutive samples lasting `delta` each (stts).
    public struct TimeToSample: Sendable, Equatable {
        public var count: UInt32
        public var delta: UInt32
        public init(count: UInt32, delta: UInt32) { self.count = count; self.delta = delta }
    }

    /// `count` consecutive samples presented `offset` after they are decoded (ctts).
    public struct CompositionOffset: Sendable, Equatable {
        public var count: UInt32
        public var offset: Int32
        public init(count: UInt32, offset: Int32) { self.count = count; self.offset = offset }
    }

    /// From chunk `firstChunk` (1-based) on, each chunk holds `samplesPerChunk` samples (stsc).
    public struct SampleToChunk: Sendable, Equatable {
        public var firstChunk: UInt32
        public var samplesPerChunk: UInt32
        public var sampleDescriptionIndex: UInt32
        public init(firstChunk: UInt32, samplesPerChunk: UInt32, sampleDescriptionIndex: UInt32) {
            self.firstChunk = firstChunk
            self.samplesPerChunk = samplesPerChunk
            self.sampleDescriptionIndex = sampleDescriptionIndex
        }
    }

    public var timeToSample: [TimeToSample] = []
    public var compositionOffsets: [CompositionOffset] = []
    /// 1-based numbers of the sync samples; nil when the table has no stss, meaning every sample is one.
    public var syncSamples: [UInt32]?
    public var sampleToChunk: [SampleToChunk] = []
    public var sampleSizes: SampleSizes = []
    public var chunkOffsets: [UInt64] = []

    public init() {}

    public var sampleCount: Int { sampleSizes.count }

    /// The sum of all sample durations, in the media timescale (UInt64.max if a hostile table's is larger).
    public var totalDuration: UInt64 {
        var total: UInt64 = 0
        for entry in timeToSample {
            // Each product is below 2^64; only the sum can overflow.
            let (sum, overflow) = total.addingReportingOverflow(UInt64(entry.count) * UInt64(entry.delta))
            if overflow { return .max }
            total = sum
        }
        return total
    }

    /// The duration most samples have: what a recorder writes for every frame.
    public var typicalDelta: UInt32? {
        var counts: [UInt32: UInt64] = [:]
        for entry in timeToSample { counts[entry.delta, default: 0] += UInt64(entry.count) }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }

    /// How many samples each chunk holds, chunk by chunk.
    public func samplesPerChunk() -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(chunkOffsets.count)
        var entry = 0
        for chunk in 0..<chunkOffsets.count {
            while entry + 1 < sampleToChunk.count, Int(sampleToChunk[entry + 1].firstChunk) <= chunk + 1 { entry += 1 }
            result.append(sampleToChunk.isEmpty ? 0 : Int(sampleToChunk[entry].samplesPerChunk))
        }
        return result
    }

    /// Each sample's file offset, from the chunk offsets, the chunk map and the sizes. Throws when the
    /// tables disagree (more samples in chunks than sizes, or the reverse). Takes 8 bytes a sample: on a
    /// table read from a file, call it after `checkSampleCounts` (as `MP4File.read` does).
    public func sampleOffsets() throws -> [UInt64] {
        let perChunk = samplesPerChunk()
        var offsets: [UInt64] = []
        // At most 2^29 chunks (the box's bytes bound them) of below 2^32 samples: the sum fits.
        offsets.reserveCapacity(min(sampleCount, perChunk.reduce(0, +)))
        for (chunk, count) in perChunk.enumerated() {
            var offset = chunkOffsets[chunk]
            for _ in 0..<count {
                guard offsets.count < sampleCount else { throw BoxError("the chunk map holds more samples than stsz lists") }
                offsets.append(offset)
                let (next, overflow) = offset.addingReportingOverflow(UInt64(sampleSizes[offsets.count - 1]))
                guard !overflow else { throw BoxError("sample \(offsets.count) (chunk \(chunk + 1)) ends beyond 2^64") }
                offset = next
            }
        }
        guard offsets.count == sampleCount else {
            throw BoxError("the chunk map holds \(offsets.count) samples, stsz lists \(sampleCount)")
        }
        return offsets
    }

    /// Whether sample `index` (0-based) is a sync sample.
    public func isSync(_ index: Int) -> Bool {
        guard let syncSamples else { return true }
        return syncSamples.contains(UInt32(index + 1))
    }
}

// MARK: - Reading

extension SampleTable {
    /// Parses the tables of an `stbl` box. Each table costs memory in proportion to its box; the samples they
    /// claim are not yet held against the media data (`checkSampleCounts` does that).
    init(stbl: Box) throws {
        self.init()
        var sawSizes = false, sawOffsets = false
        for box in try stbl.children() {
            guard try read(box) else { continue }
            switch box.type {
            case "stsz", "stz2": sawSizes = true
            case "stco", "co64": sawOffsets = true
            default: break
            }
        }
        guard sawSizes else { throw BoxError("the sample table has no stsz or stz2") }
        guard sawOffsets else { throw BoxError("the sample table has no stco or co64") }
    }

    /// Holds the sample counts the tables claim against `mediaBytes`, the bytes of media data that must hold
    /// the samples: a constant stsz's count times its size, and the samples stts and ctts give times to (a
    /// sample takes at least 1 byte; a table of sizes may list empty samples, so up to its own count passes
    /// too). Every table's entry count was held against its box's bytes as the box was read; once this
    /// passes, nothing derived per sample (offsets, statistics) costs more than the file's size allows.
    public func checkSampleCounts(mediaBytes: Int64) throws {
        let available = UInt64(max(0, mediaBytes))
        if case let .constant(size, count) = sampleSizes, count > 0 {
            guard size > 0 else {
                throw BoxError("the sample sizes give \(count) samples a constant size of 0 bytes; an stsz cannot say that "
                    + "(a sample_size of 0 means a table of sizes follows)")
            }
            let (bytes, overflow) = UInt64(size).multipliedReportingOverflow(by: UInt64(count))
            guard !overflow, bytes <= available else {
                let claimed = overflow ? "more than 2^64" : "\(bytes)"
                throw BoxError(
                    "stsz claims \(count) samples of \(size) bytes (\(claimed) bytes), but the file's media data holds \(available) bytes",
                    overclaim: .init(box: "stsz", count: UInt64(count), claimedBytes: overflow ? .max : bytes,
                                     availableBytes: available, holder: .mediaData))
            }
        }
        let limit = max(UInt64(sampleCount), available)
        func check(_ box: FourCC, _ counts: some Sequence<UInt32>) throws {
            // Entries are bounded by the box's bytes (under 2^29), each count below 2^32: the sum fits.
            let samples = counts.reduce(UInt64(0)) { $0 + UInt64($1) }
            guard samples <= limit else {
                throw BoxError(
                    "\(box) gives times to \(samples) samples, but the file's media data holds \(available) bytes "
                        + "(a sample takes at least one) and the sample sizes list \(sampleCount)",
                    overclaim: .init(box: box, count: samples, claimedBytes: samples, availableBytes: available, holder: .mediaData))
            }
        }
        try check("stts", timeToSample.lazy.map(\.count))
        try check("ctts", compositionOffsets.lazy.map(\.count))
    }

    /// Reads one box of an `stbl` into its table (stts, ctts, stss, stsc, stsz, stz2, stco or co64), replacing
    /// what that table held. Returns false for any other box, which is left alone. A reader that needs only
    /// some tables (the integrity probe: sizes, chunks, offsets) reads just those boxes.
    public mutating func read(_ box: Box) throws -> Bool {
        var reader = ByteReader(box.payload)
        switch box.type {
        case "stts":
            _ = try reader.versionAndFlags()
            timeToSample = try Self.entries("stts", &reader, width: 8) { TimeToSample(count: try $0.u32(), delta: try $0.u32()) }
        case "ctts":
            _ = try reader.versionAndFlags()
            // Version 0 says unsigned, but writers put negative offsets there too: read both as signed.
            compositionOffsets = try Self.entries("ctts", &reader, width: 8) { CompositionOffset(count: try $0.u32(), offset: try $0.i32()) }
        case "stss":
            _ = try reader.versionAndFlags()
            syncSamples = try Self.entries("stss", &reader, width: 4) { try $0.u32() }
        case "stsc":
            _ = try reader.versionAndFlags()
            sampleToChunk = try Self.entries("stsc", &reader, width: 12) {
                SampleToChunk(firstChunk: try $0.u32(), samplesPerChunk: try $0.u32(), sampleDescriptionIndex: try $0.u32())
            }
        case "stsz":
            _ = try reader.versionAndFlags()
            let fixed = try reader.u32()
            let count = try reader.u32()
            if fixed != 0 {
                // One size for every sample, kept as one: the count is held against the media data by
                // `checkSampleCounts`, and costs nothing here.
                sampleSizes = .constant(fixed, count: Int(count))
            } else {
                try Self.fits("stsz", count: count, of: "sizes of 4 bytes", bytes: UInt64(count) * 4, in: reader)
                sampleSizes = .table(try (0..<Int(count)).map { _ in try reader.u32() })
            }
        case "stz2":
            _ = try reader.versionAndFlags()
            _ = try reader.u24()
            let fieldSize = Int(try reader.u8())
            let count = try reader.u32()
            guard [4, 8, 16].contains(fieldSize) else { throw BoxError("stz2 has field size \(fieldSize) (4, 8 or 16 allowed)") }
            try Self.fits("stz2", count: count, of: "sizes of \(fieldSize) bits", bytes: (UInt64(count) * UInt64(fieldSize) + 7) / 8, in: reader)
            var sizes: [UInt32] = []
            sizes.reserveCapacity(Int(count))
            var bits = BitReader(try reader.bytes(reader.remaining))
            for _ in 0..<count { sizes.append(try bits.bits(fieldSize)) }
            sampleSizes = .table(sizes)
        case "stco":
            _ = try reader.versionAndFlags()
            chunkOffsets = try Self.entries("stco", &reader, width: 4) { UInt64(try $0.u32()) }
        case "co64":
            _ = try reader.versionAndFlags()
            chunkOffsets = try Self.entries("co64", &reader, width: 8) { try $0.u64() }
        default:
            return false
        }
        return true
    }

    /// A 32-bit entry count, then that many entries of `width` bytes, checked against the bytes there are
    /// before anything is allocated, so a damaged count cannot make us allocate gigabytes.
    private static func entries<T>(_ box: FourCC, _ reader: inout ByteReader, width: Int, _ read: (inout ByteReader) throws -> T) throws -> [T] {
        let count = try reader.u32()
        try fits(box, count: count, of: "entries of \(width) bytes", bytes: UInt64(count) * UInt64(width), in: reader)
        var result: [T] = []
        result.reserveCapacity(Int(count))
        for _ in 0..<count { result.append(try read(&reader)) }
        return result
    }

    /// Throws unless the `bytes` that `count` things (`what`) need are in the rest of the box.
    private static func fits(_ box: FourCC, count: UInt32, of what: String, bytes: UInt64, in reader: ByteReader) throws {
        guard bytes <= UInt64(reader.remaining) else {
            throw BoxError(
                "\(box) claims \(count) \(what) (\(bytes) bytes), but the box holds \(reader.remaining) bytes for them",
                overclaim: .init(box: box, count: UInt64(count), claimedBytes: bytes, availableBytes: UInt64(reader.remaining), holder: .box))
        }
    }
}

// MARK: - Writing

extension SampleTable {
    /// The largest chunk offset: whether 32-bit `stco` suffices.
    public var needsLargeOffsets: Bool { (chunkOffsets.max() ?? 0) > UInt64(UInt32.max) }

    /// Writes stts, ctts, stss, stsc, stsz and stco (co64 when an offset needs 64 bits), in the order
    /// ISO/IEC 14496-12 recommends; the caller writes stsd first.
    public func write(into writer: inout BoxWriter, largeOffsets: Bool? = nil) {
        writer.fullBox("stts", version: 0) { w in
            w.u32(UInt32(timeToSample.count))
            for entry in timeToSample { w.u32(entry.count); w.u32(entry.delta) }
        }
        if !compositionOffsets.isEmpty {
            // Version 1 declares the offsets signed; only needed when one is negative.
            let signed = compositionOffsets.contains { $0.offset < 0 }
            writer.fullBox("ctts", version: signed ? 1 : 0) { w in
                w.u32(UInt32(compositionOffsets.count))
                for entry in compositionOffsets { w.u32(entry.count); w.i32(entry.offset) }
            }
        }
        if let syncSamples {
            writer.fullBox("stss", version: 0) { w in
                w.u32(UInt32(syncSamples.count))
                for number in syncSamples { w.u32(number) }
            }
        }
        writer.fullBox("stsc", version: 0) { w in
            w.u32(UInt32(sampleToChunk.count))
            for entry in sampleToChunk { w.u32(entry.firstChunk); w.u32(entry.samplesPerChunk); w.u32(entry.sampleDescriptionIndex) }
        }
        writer.fullBox("stsz", version: 0) { w in
            if case let .constant(size, count) = sampleSizes, size != 0 {
                w.u32(size)
                w.u32(UInt32(count))
            } else {
                // A sample_size of 0 says a table follows, so a constant 0 is written as one too.
                w.u32(0)
                w.u32(UInt32(sampleSizes.count))
                for size in sampleSizes { w.u32(size) }
            }
        }
        if largeOffsets ?? needsLargeOffsets {
            writer.fullBox("co64", version: 0) { w in
                w.u32(UInt32(chunkOffsets.count))
                for offset in chunkOffsets { w.u64(offset) }
            }
        } else {
            writer.fullBox("stco", version: 0) { w in
                w.u32(UInt32(chunkOffsets.count))
                for offset in chunkOffsets { w.u32(UInt32(offset)) }
            }
        }
    }
}
