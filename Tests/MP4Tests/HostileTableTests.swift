import Foundation
import Testing
import TestSupport
@testable import MP4

#if canImport(Glibc)
import Glibc
#endif

/// Sample tables whose counts claim far more than the file holds: each is refused with a message that says
/// what was claimed and what there is, and reading them costs memory in proportion to the file, not to the
/// claim. The files are a kilobyte or so, built here box by box.
private let twoTo28: UInt32 = 1 << 28

@Suite struct HostileTableTests {
    /// What reading `reference` costs, measured where no other test can move it: `recgate recover` takes it
    /// as its reference in a process of its own, and that process's peak resident size (`runMeasuringPeak`) is
    /// compared with that of the same command on an honest file it refuses for its codec. Returns the
    /// child's standard error (its refusal) and the growth in bytes. An allocation of the size these files
    /// claim (a GiB and more) would show; the process-wide peak of the test runner could hide it or be
    /// raised by other suites.
    static func recoveryCost(reference: URL, in folder: TempDirectory) throws -> (refusal: String, growth: Int) {
        let recgate = try RecgateCLI.path()
        let honest = try write(file(), in: folder, name: "honest-\(UUID().uuidString).mp4")
        func recover(_ file: URL) throws -> (ProcessOutput, Int) {
            try runMeasuringPeak(recgate, ["recover", file.path, "--reference", file.path,
                                           "--out", folder.path("out-\(UUID().uuidString).mp4").path])
        }
        let (_, baseline) = try recover(honest)
        let (output, peak) = try recover(reference)
        #expect(output.status != 0, "recover accepted \(reference.lastPathComponent) as a reference")
        return (output.stderr, peak - baseline)
    }

    static let memoryBound = 64 << 20

    /// The tables of one video track, as box bytes for its `stbl` (each written with `BoxWriter`).
    struct Tables {
        var stts: (inout BoxWriter) -> Void = { $0.fullBox("stts", version: 0) { w in w.u32(1); w.u32(3); w.u32(512) } }
        var stsc: (inout BoxWriter) -> Void = { $0.fullBox("stsc", version: 0) { w in w.u32(1); w.u32(1); w.u32(3); w.u32(1) } }
        var stsz: (inout BoxWriter) -> Void = { $0.fullBox("stsz", version: 0) { w in w.u32(0); w.u32(3); w.u32(10); w.u32(20); w.u32(30) } }
        var stco: (inout BoxWriter) -> Void = { $0.fullBox("stco", version: 0) { w in w.u32(1); w.u32(40) } }
        var extra: (inout BoxWriter) -> Void = { _ in }
    }

    /// ftyp, an mdat of `mediaBytes` zeros at offset 24 (its payload at 32), then a moov with one video
    /// track (an 'mp4v' sample entry: the codec is not what these tests are about) using `tables`.
    static func file(mediaBytes: Int = 100, tables: Tables = Tables()) -> [UInt8] {
        var w = BoxWriter()
        w.box("ftyp") { $0.fourCC("isom"); $0.u32(0x200); $0.fourCC("isom"); $0.fourCC("mp41") }
        w.box("mdat") { $0.zeros(mediaBytes) }
        w.box("moov") { moov in
            moov.fullBox("mvhd", version: 0) { m in
                m.u32(0); m.u32(0); m.u32(1000); m.u32(0)
                m.i32(0x10000); m.i16(0x100); m.zeros(10)
                for value in TrackHeader.identity { m.i32(value) }
                m.zeros(24); m.u32(2)
            }
            moov.box("trak") { trak in
                trak.fullBox("tkhd", version: 0, flags: 3) { t in
                    t.u32(0); t.u32(0); t.u32(1); t.u32(0); t.u32(0)
                    t.zeros(8); t.i16(0); t.i16(0); t.i16(0); t.zeros(2)
                    for value in TrackHeader.identity { t.i32(value) }
                    t.u32(160 << 16); t.u32(120 << 16)
                }
                trak.box("mdia") { mdia in
                    mdia.fullBox("mdhd", version: 0) { m in m.u32(0); m.u32(0); m.u32(15360); m.u32(0); m.u16(0x55C4); m.u16(0) }
                    mdia.fullBox("hdlr", version: 0) { h in h.u32(0); h.fourCC("vide"); h.zeros(12); h.u8(0) }
                    mdia.box("minf") { minf in
                        minf.fullBox("vmhd", version: 0, flags: 1) { $0.zeros(8) }
                        minf.box("stbl") { stbl in
                            stbl.fullBox("stsd", version: 0) { stsd in
                                stsd.u32(1)
                                stsd.box("mp4v") { e in
                                    e.zeros(6); e.u16(1); e.zeros(16); e.u16(160); e.u16(120)
                                    e.u32(0x48_0000); e.u32(0x48_0000); e.u32(0); e.u16(1); e.zeros(32); e.u16(24); e.i16(-1)
                                }
                            }
                            tables.stts(&stbl)
                            tables.extra(&stbl)
                            tables.stsc(&stbl)
                            tables.stsz(&stbl)
                            tables.stco(&stbl)
                        }
                    }
                }
            }
        }
        return w.bytes
    }

    static func write(_ bytes: [UInt8], in folder: TempDirectory, name: String = "hostile.mp4") throws -> URL {
        let url = folder.path(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// The reader's message for a file it refuses.
    static func refusal(_ url: URL) -> String? {
        do {
            _ = try MP4File.read(url)
            return nil
        } catch let error as MP4Error {
            guard case .malformed(let path, let detail) = error, path == url.path else { return "wrong error: \(error)" }
            return detail
        } catch {
            return "wrong error: \(error)"
        }
    }

    /// One table box, by itself, as `SampleTable.read` takes it.
    static func box(_ write: (inout BoxWriter) -> Void) throws -> Box {
        var writer = BoxWriter()
        write(&writer)
        return try #require(try Box.sequence(in: writer.bytes[...], startingAt: 0).first)
    }

    // MARK: - The weak spot: a constant stsz claiming 2^28 samples

    @Test func aConstantSizeClaiming2To28SamplesIsRefusedWithoutAllocating() throws {
        let folder = try TempDirectory()
        var tables = Tables()
        // 2^28 samples of 4 bytes (1 GiB) in one chunk, in a file of about 700 bytes.
        tables.stsz = { $0.fullBox("stsz", version: 0) { w in w.u32(4); w.u32(twoTo28) } }
        tables.stsc = { $0.fullBox("stsc", version: 0) { w in w.u32(1); w.u32(1); w.u32(twoTo28); w.u32(1) } }
        tables.stts = { $0.fullBox("stts", version: 0) { w in w.u32(1); w.u32(twoTo28); w.u32(512) } }
        let bytes = Self.file(tables: tables)
        #expect(bytes.count < 1024)
        let url = try Self.write(bytes, in: folder)

        let detail = Self.refusal(url)
        #expect(detail == "track 1: stsz claims 268435456 samples of 4 bytes (1073741824 bytes), but the file's media data holds 100 bytes")

        // Recovery refuses it as a reference the same way, and cheaply (measured in a child of its own).
        let refused: MP4Error?
        do { _ = try TruncatedClipRecovery(reference: url); refused = nil } catch { refused = error as? MP4Error }
        #expect(refused == .malformed(path: url.path, detail: detail ?? ""))
        let (message, growth) = try Self.recoveryCost(reference: url, in: folder)
        #expect(message.contains(detail ?? "?"), "\(message)")
        #expect(growth < Self.memoryBound, "recover's peak resident size is \(growth) bytes above an honest file's")
    }

    @Test func theTableKeepsTheConstantAndTheCheckSaysWhatWasClaimed() throws {
        // The table alone: the constant costs nothing to read, and the check names the box and both sizes.
        var table = SampleTable()
        // The constant is kept as one (no table of 2^28 sizes is made); memory is bounded in a child by the
        // file-level test above.
        let read = try table.read(Self.box { $0.fullBox("stsz", version: 0) { w in w.u32(4); w.u32(twoTo28) } })
        #expect(read)
        #expect(table.sampleSizes == .constant(4, count: 1 << 28))
        #expect(table.sampleCount == 1 << 28)
        #expect(table.sampleSizes.max() == 4 && table.sampleSizes.total == 1 << 30 && table.sampleSizes[(1 << 28) - 1] == 4)
        let error = try #require(throws: BoxError.self) { try table.checkSampleCounts(mediaBytes: 1000) }
        #expect(error.overclaim == .init(box: "stsz", count: 1 << 28, claimedBytes: 1 << 30, availableBytes: 1000, holder: .mediaData))
        // Exactly what the media data holds passes.
        try table.checkSampleCounts(mediaBytes: 1 << 30)
        // The largest claim a file can write (2^32 − 1 samples of 2^32 − 1 bytes) is counted without overflow.
        #expect(try table.read(Self.box { $0.fullBox("stsz", version: 0) { w in w.u32(.max); w.u32(.max) } }))
        let largest = try #require(throws: BoxError.self) { try table.checkSampleCounts(mediaBytes: .max) }
        #expect(largest.overclaim?.claimedBytes == UInt64(UInt32.max) * UInt64(UInt32.max))
        #expect(largest.description.contains("18446744065119617025 bytes"))
    }

    // MARK: - Entry counts against the box's bytes

    /// Each table box claiming 2^28 entries while holding one: refused before anything is allocated, with
    /// the box, the claim and the bytes there are.
    @Test(arguments: [
        ("stts", 8), ("ctts", 8), ("stss", 4), ("stsc", 12), ("stco", 4), ("co64", 8),
    ] as [(String, Int)])
    func hugeEntryCountsAreRefusedAgainstTheBox(type: String, width: Int) throws {
        let box = try Self.box { w in
            w.fullBox(FourCC(type), version: 0) { w in
                w.u32(twoTo28)
                w.zeros(width)  // one entry's bytes
            }
        }
        var table = SampleTable()
        // Refused before any entry is read; memory is bounded in a child by the file-level test below.
        let refused = try #require(throws: BoxError.self) { try table.read(box) }
        #expect(refused.overclaim == .init(
            box: FourCC(type), count: 1 << 28, claimedBytes: UInt64(width) << 28, availableBytes: UInt64(width), holder: .box))
        #expect(refused.description == "\(type) claims 268435456 entries of \(width) bytes (\((1 << 28) * width) bytes), but the box holds \(width) bytes for them")
    }

    @Test func sizeTablesClaimingMoreThanTheirBoxAreRefused() throws {
        var table = SampleTable()
        // stsz with a sample_size of 0 promises a table of sizes; this one claims 2^28 and has none.
        let zero = try #require(throws: BoxError.self) {
            try table.read(Self.box { $0.fullBox("stsz", version: 0) { w in w.u32(0); w.u32(twoTo28) } })
        }
        #expect(zero.description == "stsz claims 268435456 sizes of 4 bytes (1073741824 bytes), but the box holds 0 bytes for them")
        #expect(zero.overclaim?.holder == .box)
        // stz2 with 4-bit fields: 2^28 of them need 2^27 bytes, it has 2.
        let compact = try #require(throws: BoxError.self) {
            try table.read(Self.box { $0.fullBox("stz2", version: 0) { w in w.u24(0); w.u8(4); w.u32(twoTo28); w.u16(0x1234) } })
        }
        #expect(compact.description == "stz2 claims 268435456 sizes of 4 bits (134217728 bytes), but the box holds 2 bytes for them")
        let field = try #require(throws: BoxError.self) {
            try table.read(Self.box { $0.fullBox("stz2", version: 0) { w in w.u24(0); w.u8(5); w.u32(1); w.u8(0) } })
        }
        #expect(field.description == "stz2 has field size 5 (4, 8 or 16 allowed)")
        // A table that fits is read as one.
        #expect(try table.read(Self.box { $0.fullBox("stz2", version: 0) { w in w.u24(0); w.u8(4); w.u32(3); w.u16(0x1234); w.u8(0x50) } }))
        #expect(table.sampleSizes == [1, 2, 3])
    }

    @Test func hugeCountsInAFileAreRefusedWithTheirTrack() throws {
        let folder = try TempDirectory()
        var stts = Tables(), stsc = Tables(), stco = Tables()
        stts.stts = { $0.fullBox("stts", version: 0) { w in w.u32(0xFFFF_FFFF); w.u32(3); w.u32(512) } }
        stsc.stsc = { $0.fullBox("stsc", version: 0) { w in w.u32(twoTo28); w.u32(1); w.u32(3); w.u32(1) } }
        stco.stco = { $0.fullBox("stco", version: 0) { w in w.u32(twoTo28); w.u32(40) } }
        for (name, tables, message) in [
            ("stts", stts, "track 1: stts claims 4294967295 entries of 8 bytes (34359738360 bytes), but the box holds 8 bytes for them"),
            ("stsc", stsc, "track 1: stsc claims 268435456 entries of 12 bytes (3221225472 bytes), but the box holds 12 bytes for them"),
            ("stco", stco, "track 1: stco claims 268435456 entries of 4 bytes (1073741824 bytes), but the box holds 4 bytes for them"),
        ] {
            let url = try Self.write(Self.file(tables: tables), in: folder, name: "\(name).mp4")
            #expect(Self.refusal(url) == message)
            let (refusal, growth) = try Self.recoveryCost(reference: url, in: folder)
            #expect(refusal.contains(message), "\(name): \(refusal)")
            #expect(growth < Self.memoryBound, "\(name): recover's peak resident size is \(growth) bytes above an honest file's")
        }
    }

    // MARK: - Sample counts against the media data

    @Test func sttsTimingMoreSamplesThanTheMediaDataHoldsIsRefused() throws {
        let folder = try TempDirectory()
        var tables = Tables()
        tables.stts = { $0.fullBox("stts", version: 0) { w in w.u32(2); w.u32(3); w.u32(512); w.u32(twoTo28); w.u32(512) } }
        let url = try Self.write(Self.file(tables: tables), in: folder)
        #expect(Self.refusal(url) == "track 1: stts gives times to 268435459 samples, but the file's media data holds 100 bytes "
            + "(a sample takes at least one) and the sample sizes list 3")
        // ctts likewise.
        tables = Tables()
        tables.extra = { $0.fullBox("ctts", version: 0) { w in w.u32(1); w.u32(twoTo28); w.u32(0) } }
        let ctts = try Self.write(Self.file(tables: tables), in: folder, name: "ctts.mp4")
        let detail = try #require(Self.refusal(ctts))
        #expect(detail.hasPrefix("track 1: ctts gives times to 268435456 samples"))
    }

    @Test func theMediaDataIsWhatTheMdatBoxesHold() throws {
        let folder = try TempDirectory()
        // 25 samples of 4 bytes fill the 100 bytes exactly; 26 do not.
        for (count, fits) in [(25, true), (26, false)] {
            var tables = Tables()
            tables.stsz = { $0.fullBox("stsz", version: 0) { w in w.u32(4); w.u32(UInt32(count)) } }
            tables.stsc = { $0.fullBox("stsc", version: 0) { w in w.u32(1); w.u32(1); w.u32(UInt32(count)); w.u32(1) } }
            tables.stts = { $0.fullBox("stts", version: 0) { w in w.u32(1); w.u32(UInt32(count)); w.u32(512) } }
            tables.stco = { $0.fullBox("stco", version: 0) { w in w.u32(1); w.u32(32) } }
            let url = try Self.write(Self.file(mediaBytes: 100, tables: tables), in: folder, name: "\(count).mp4")
            if fits {
                let file = try MP4File.read(url)
                let table = file.tracks[0].sampleTable
                #expect(table.sampleSizes == .constant(4, count: 25))
                #expect(try table.sampleOffsets() == (0..<25).map { 32 + 4 * UInt64($0) })
            } else {
                #expect(Self.refusal(url) == "track 1: stsz claims 26 samples of 4 bytes (104 bytes), but the file's media data holds 100 bytes")
            }
        }
    }

    // MARK: - A constant size of 0, offsets past 2^64, chunks claiming more samples than there are

    @Test func aConstantSizeOfZeroIsRefusedAndWrittenAsATable() throws {
        // A file cannot say it (stsz's 0 means a table follows), but a table built in code can hold it.
        var table = SampleTable()
        table.sampleSizes = .constant(0, count: 5)
        let error = try #require(throws: BoxError.self) { try table.checkSampleCounts(mediaBytes: 1 << 40) }
        #expect(error.description.contains("constant size of 0 bytes"))
        table.timeToSample = [.init(count: 5, delta: 1)]
        table.sampleToChunk = [.init(firstChunk: 1, samplesPerChunk: 5, sampleDescriptionIndex: 1)]
        table.chunkOffsets = [8]
        var writer = BoxWriter()
        writer.box("stbl") { table.write(into: &$0) }
        let parsed = try SampleTable(stbl: try Box.sequence(in: writer.bytes[...], startingAt: 0)[0])
        #expect(parsed.sampleSizes == .table([0, 0, 0, 0, 0]))
        #expect(parsed == table)
        // No samples of size 0 is no claim at all.
        try SampleTable().checkSampleCounts(mediaBytes: 0)
    }

    @Test func offsetsPast2To64AndOverfullChunksAreErrorsNotTraps() throws {
        var table = SampleTable()
        table.sampleSizes = .constant(16, count: 2)
        table.sampleToChunk = [.init(firstChunk: 1, samplesPerChunk: 2, sampleDescriptionIndex: 1)]
        table.chunkOffsets = [UInt64.max - 20]
        let past = try #require(throws: BoxError.self) { try table.sampleOffsets() }
        #expect(past.description == "sample 2 (chunk 1) ends beyond 2^64")
        // A chunk map naming 2^32 − 1 samples in a chunk, for a table of 3: refused at the fourth.
        table.sampleSizes = .constant(16, count: 3)
        table.sampleToChunk = [.init(firstChunk: 1, samplesPerChunk: .max, sampleDescriptionIndex: 1)]
        table.chunkOffsets = [0]
        let overfull = try #require(throws: BoxError.self) { try table.sampleOffsets() }
        #expect(overfull.description == "the chunk map holds more samples than stsz lists")
        // Durations that add up past 2^64 saturate.
        table.timeToSample = [.init(count: .max, delta: .max), .init(count: .max, delta: .max)]
        #expect(table.totalDuration == .max)
    }

    // MARK: - SampleSizes itself

    @Test func sampleSizesAreAnIndexableCollectionEitherWay() throws {
        let constant = SampleSizes.constant(7, count: 4)
        let table: SampleSizes = [7, 7, 7, 7]
        #expect(constant == table && Array(constant) == [7, 7, 7, 7])
        #expect(constant.count == 4 && constant[3] == 7 && constant.max() == 7 && constant.total == 28)
        #expect(constant.sum(1..<3) == 14 && table.sum(1..<3) == 14)
        #expect(SampleSizes.constant(7, count: 0) == [] && SampleSizes.constant(7, count: 0).max() == nil)
        #expect(SampleSizes.constant(7, count: 3) != [7, 7, 8])
        let mixed: SampleSizes = [3, 9, 4]
        #expect(mixed.max() == 9 && mixed.total == 16 && mixed.sum(1..<2) == 9)
    }

    @Test func aConstantSizeIsWrittenAsOne() throws {
        var table = SampleTable()
        table.timeToSample = [.init(count: 1000, delta: 1024)]
        table.sampleToChunk = [.init(firstChunk: 1, samplesPerChunk: 500, sampleDescriptionIndex: 1)]
        table.sampleSizes = .constant(6, count: 1000)
        table.chunkOffsets = [100, 3100]
        var writer = BoxWriter()
        writer.box("stbl") { table.write(into: &$0) }
        let stbl = try Box.sequence(in: writer.bytes[...], startingAt: 0)[0]
        let stsz = try #require(try stbl.child("stsz"))
        #expect(Array(stsz.payload) == [0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0x03, 0xE8])  // no table of a thousand sizes
        let parsed = try SampleTable(stbl: stbl)
        #expect(parsed == table)
        if case .constant(6, count: 1000) = parsed.sampleSizes {} else { Issue.record("read back as \(parsed.sampleSizes)") }
        let offsets = try parsed.sampleOffsets()
        #expect(offsets.count == 1000 && offsets[499] == 100 + 499 * 6 && offsets[500] == 3100)
    }
}
