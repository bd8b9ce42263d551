import DeviceKit
import Foundation
@testable import MediaProbes
import Testing
import TestSupport

/// The box walker and the sample-table parser on hand-made boxes: sizes 0 and 1, hostile counts, and
/// the arithmetic of chunks and samples.
@Suite struct MP4StructureTests {
    private func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        be32(UInt32(8 + payload.count)) + Array(type.utf8) + payload
    }

    private func be32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }

    private func fullBox(_ type: String, _ fields: [UInt32]) -> [UInt8] {
        box(type, [0, 0, 0, 0] + fields.flatMap(be32))
    }

    /// A moov with one video track: `sizes` per sample, `perChunk` samples a chunk, chunks at `offsets`.
    private func moov(sizes: [UInt32], runs: [(UInt32, UInt32)], offsets: [UInt32]) -> [UInt8] {
        let stsz = fullBox("stsz", [0, UInt32(sizes.count)] + sizes)
        let stsc = fullBox("stsc", [UInt32(runs.count)] + runs.flatMap { [$0.0, $0.1, 1] })
        let stco = fullBox("stco", [UInt32(offsets.count)] + offsets)
        let hdlr = box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0] + Array("vide".utf8) + [UInt8](repeating: 0, count: 13))
        return box("trak", box("mdia", hdlr + box("minf", box("stbl", stsz + stsc + stco))))
    }

    @Test func chunksAndSamples() {
        // Chunk 1 holds samples 0–1 at 100, chunk 2 samples 2–3 at 1000, chunk 3 sample 4 at 5000.
        let bytes = moov(sizes: [10, 20, 30, 40, 50], runs: [(1, 2), (3, 1)], offsets: [100, 1000, 5000])
        let index = MP4SampleIndex(moov: BigEndianBytes(bytes))
        #expect(index.problems.isEmpty, "\(index.problems)")
        #expect(index.tracks.count == 1)
        #expect(index.tracks.first?.handler == "vide")
        #expect(index.tracks.first?.sampleCount == 5)
        #expect(index.tracks.first?.dataStart == 100)
        #expect(index.dataEnd == 5050)
    }

    @Test func inconsistentTablesAreProblems() {
        // Three chunks of two samples name six samples; the size table has five.
        let tooMany = MP4SampleIndex(moov: BigEndianBytes(moov(sizes: [1, 2, 3, 4, 5], runs: [(1, 2)], offsets: [0, 10, 20])))
        #expect(tooMany.problems.count == 1)
        let tooFew = MP4SampleIndex(moov: BigEndianBytes(moov(sizes: [1, 2, 3, 4, 5], runs: [(1, 1)], offsets: [0, 10])))
        #expect(tooFew.problems.first?.contains("2 of the 5") == true)
    }

    @Test func hostileCountsAreRefusedNotLooped() {
        // stsz claims 2^32-1 samples with a table of 3; stco claims 2^31 chunks.
        let stsz = fullBox("stsz", [0, 0xFFFF_FFFF, 1, 2, 3])
        let stsc = fullBox("stsc", [1, 1, 1, 1])
        let stco = fullBox("stco", [0x8000_0000, 0])
        let trak = box("trak", box("mdia", box("minf", box("stbl", stsz + stsc + stco))))
        let index = MP4SampleIndex(moov: BigEndianBytes(trak))
        #expect(!index.problems.isEmpty)
        #expect(index.dataEnd == nil)
        // A child box larger than its parent.
        let broken = MP4SampleIndex(moov: BigEndianBytes(be32(1000) + Array("trak".utf8) + [0, 0, 0, 0]))
        #expect(broken.problems == ["moov: malformed child boxes"])
    }

    @Test func headerForms() {
        let zero = MP4Box.parse(BigEndianBytes(be32(0) + Array("mdat".utf8)), at: 0, base: 100, limit: 5000)
        #expect(zero == MP4Box(type: "mdat", offset: 100, size: 4900, headerSize: 8, extendsToEnd: true))
        let large = MP4Box.parse(BigEndianBytes(be32(1) + Array("mdat".utf8) + [0, 0, 0, 1, 0, 0, 0, 0]), at: 0, base: 0, limit: 0)
        #expect(large?.size == 1 << 32 && large?.headerSize == 16)
        #expect(MP4Box.parse(BigEndianBytes(be32(7) + Array("free".utf8)), at: 0, base: 0, limit: 100) == nil)
        #expect(MP4Box.parse(BigEndianBytes(be32(16) + [0x01, 0x02, 0x03, 0x04]), at: 0, base: 0, limit: 100) == nil)
        #expect(MP4Box.parse(BigEndianBytes([0, 0, 0]), at: 0, base: 0, limit: 100) == nil)
    }

    @Test func zeroTailIsReservedSpaceNotDamage() throws {
        let folder = try TempDirectory()
        let file = folder.path("padded.mp4")
        var bytes = try [UInt8](Data(contentsOf: MediaFixtures.h264AAC(indexAtEnd: false)))
        bytes += [UInt8](repeating: 0, count: 10_000)
        try Data(bytes).write(to: file)
        let facts = try MediaProbe.probe(path: file.path)
        #expect(facts.integrity == .ok, "\(facts.integrityNotes)")
        #expect(facts.integrityNotes.contains { $0.contains("10000 zero bytes") })
    }

    @Test func rfc3339() {
        let date = Date(timeIntervalSince1970: 1_793_669_415)
        #expect(RFC3339Text.string(date) == "2026-11-03T01:30:15Z")
        #expect(RFC3339Text.string(date.addingTimeInterval(0.25)) == "2026-11-03T01:30:15.250Z")
        #expect(RFC3339Text.date("2026-11-03T01:30:15.000000Z") == date)
        #expect(RFC3339Text.date("2026-11-03T09:30:15+0800") == date)
        #expect(RFC3339Text.date("2026-11-03T09:30:15+08:00") == date)
        #expect(RFC3339Text.date("2026-11-03 01:30:15") == date)
        #expect(RFC3339Text.date("2026-11-03T01:30:15.5Z") == date.addingTimeInterval(0.5))
        #expect(RFC3339Text.date("2026-13-03T01:30:15Z") == nil)
        #expect(RFC3339Text.date("garbage") == nil)
        #expect(RFC3339Text.date("") == nil)
    }
}
