import Foundation
@testable import MediaProbes
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The probe on indexes whose counts claim far more than the file holds: the index is reported damaged, and
/// probing costs memory in proportion to the file, not to the claim.
@Suite struct HostileIndexTests {
    private func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        be32(UInt32(8 + payload.count)) + Array(type.utf8) + payload
    }

    private func be32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }

    private func fullBox(_ type: String, _ fields: [UInt32]) -> [UInt8] {
        box(type, [0, 0, 0, 0] + fields.flatMap(be32))
    }

    /// One video track whose stsz gives every sample `size` bytes and claims `count` of them, all in one chunk
    /// at the start of the media data.
    private func moov(size: UInt32, count: UInt32, chunkAt offset: UInt32) -> [UInt8] {
        let stsz = fullBox("stsz", [size, count])
        let stsc = fullBox("stsc", [1, 1, count, 1])
        let stco = fullBox("stco", [1, offset])
        let hdlr = box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0] + Array("vide".utf8) + [UInt8](repeating: 0, count: 13))
        return box("moov", box("trak", box("mdia", hdlr + box("minf", box("stbl", stsz + stsc + stco)))))
    }

    /// What probing `file` costs beyond probing a one-byte file: both probed by `recgate probe` in a process
    /// of its own, whose peak resident size (GNU time's, see `runMeasuringPeak`) no other test running here
    /// can move. Returns the child's integrity too, which must be the in-process probe's.
    private func probeCost(_ file: URL) throws -> (integrity: String?, growth: Int) {
        let folder = try TempDirectory()
        let tiny = folder.path("tiny.bin")
        try Data([0]).write(to: tiny)
        let (_, baseline) = try runMeasuringPeak(Recgate.path, ["probe", "--json", tiny.path])
        let (output, peak) = try runMeasuringPeak(Recgate.path, ["probe", "--json", file.path])
        let report = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]
        return (report?.first?["integrity"] as? String, peak - baseline)
    }

    @Test func aConstantSizeClaiming2To28SamplesIsDamageNotAllocation() throws {
        // ftyp (16), an mdat of 100 bytes (payload at 24), the index after it: 2^28 samples of 4 bytes.
        let ftyp = box("ftyp", Array("isom".utf8) + [0, 0, 2, 0])
        let bytes = ftyp + box("mdat", [UInt8](repeating: 0, count: 100)) + moov(size: 4, count: 1 << 28, chunkAt: 24)
        #expect(bytes.count < 1024)
        let folder = try TempDirectory()
        let file = folder.path("hostile.mp4")
        try Data(bytes).write(to: file)
        let facts = try MediaProbe.probe(path: file.path)
        let (integrity, growth) = try probeCost(file)
        #expect(facts.integrity == .corrupt && integrity == "corrupt")
        #expect(facts.integrityNotes.contains(
            "index: track 1: stsz claims 268435456 samples of 4 bytes (1073741824 bytes), but the file's media data holds 100 bytes"),
            "\(facts.integrityNotes)")
        #expect(growth < 64 << 20, "the probe's peak resident size is \(growth) bytes above a one-byte file's")
    }

    @Test func aFileWhoseIndexOverclaimsIsNotHandedToFFmpeg() throws {
        // 2^26 samples: below FFmpeg's own refusal, so its MP4 reader would allocate about 1.6 GB for them.
        let ftyp = box("ftyp", Array("isom".utf8) + [0, 0, 2, 0])
        let bytes = ftyp + box("mdat", [UInt8](repeating: 0, count: 100)) + moov(size: 4, count: 1 << 26, chunkAt: 24)
        let folder = try TempDirectory()
        let file = folder.path("hostile26.mp4")
        try Data(bytes).write(to: file)
        let facts = try MediaProbe.probe(path: file.path)
        let (integrity, growth) = try probeCost(file)
        #expect(facts.integrity == .corrupt && integrity == "corrupt")
        #expect(facts.error?.contains("not opened with FFmpeg") == true, "\(facts.error ?? "no error")")
        #expect(facts.streams.isEmpty && facts.format == nil)
        #expect(MP4SampleIndex(moov: BigEndianBytes(Array(moov(size: 4, count: 1 << 26, chunkAt: 24).dropFirst(8))),
                               mediaBytes: 100).overclaimed)
        #expect(growth < 64 << 20, "the probe's peak resident size is \(growth) bytes above a one-byte file's")
    }

    @Test func theIndexHoldsTheClaimAgainstTheMediaDataTheFileDeclares() {
        // Within what the mdat boxes declare, a cut file's samples past its end are a truncation (found by
        // the check from the data end); beyond it, the index is damaged.
        let fits = MP4SampleIndex(moov: BigEndianBytes(Array(moov(size: 4, count: 1 << 28, chunkAt: 24).dropFirst(8))), mediaBytes: 1 << 30)
        #expect(fits.problems.isEmpty, "\(fits.problems)")
        #expect(fits.dataEnd == Int64(24 + (1 << 30)))
        let beyond = MP4SampleIndex(moov: BigEndianBytes(Array(moov(size: 4, count: 1 << 28, chunkAt: 24).dropFirst(8))), mediaBytes: 100)
        #expect(beyond.problems == ["track 1: stsz claims 268435456 samples of 4 bytes (1073741824 bytes), but the file's media data holds 100 bytes"])
        #expect(beyond.tracks.first?.sampleCount == 1 << 28 && beyond.dataEnd == nil)
        // Unbounded (no media data known), the largest claim a file can write still adds up without a trap.
        let largest = MP4SampleIndex(moov: BigEndianBytes(Array(moov(size: .max, count: .max, chunkAt: 1 << 30).dropFirst(8))))
        #expect(largest.dataEnd == .max)
    }
}
