import Foundation
import Media
import MediaProbes
import Testing
import TestSupport

/// Broken recordings get the right integrity, and nothing a file holds can crash the probe.
@Suite struct IntegrityTests {
    @Test(arguments: BrokenFixture.allCases)
    func brokenFileIntegrity(_ fixture: BrokenFixture) throws {
        let url = try fixture.url()
        for deep in [false, true] {
            let facts = try MediaProbe.probe(path: url.path, deep: deep)
            #expect(facts.integrity.rawValue == fixture.expected, "\(fixture) deep=\(deep): \(facts.integrityNotes) \(facts.error ?? "")")
            #expect(!facts.integrityNotes.isEmpty || facts.error != nil, "\(fixture): a verdict without a reason")
        }
        // ffprobe agrees that the files we call corrupt cannot be opened.
        if fixture.expected == "corrupt" {
            #expect(try run("ffprobe", ["-v", "error", "-show_format", url.path]).status != 0)
        }
    }

    @Test func noIndexIsTruncatedAndSaysWhy() throws {
        let facts = try MediaProbe.probe(path: MediaFixtures.truncated(.noIndex).path)
        #expect(facts.integrity == .truncated)
        #expect(facts.format == nil)
        #expect(facts.error?.contains("avformat_open_input") == true)
        #expect(facts.integrityNotes.contains { $0.contains("no moov") })
        #expect(facts.mp4?.indexAtEnd == nil)
    }

    @Test func unindexedTailIsMeasured() throws {
        let facts = try MediaProbe.probe(path: MediaFixtures.unindexedTail().path)
        let layout = try #require(facts.mp4)
        let indexed = try #require(layout.indexedDataEnd)
        let data = try #require(layout.mediaDataEnd)
        #expect(data - indexed == 256 * 1024)
        // The file still opens and plays what is indexed: the facts are all there.
        #expect(facts.streams.count == 2)
        #expect(facts.format == "mov,mp4,m4a,3gp,3g2,mj2")
    }

    @Test func missingFileAndFolderThrow() throws {
        let folder = try TempDirectory()
        #expect(throws: MediaError.self) { try MediaProbe.probe(path: folder.path("absent.mp4").path) }
        do {
            _ = try MediaProbe.probe(path: folder.path("absent.mp4").path)
        } catch {
            #expect(error.code == .noSuchFile)
            #expect(error.call == "stat")
        }
        #expect(throws: MediaError.self) { try MediaProbe.probe(path: folder.url.path) }
    }

    /// Every cut of an MP4, at 48 lengths through each layout, is truncated (never ok, never a crash),
    /// and the deep check survives it too.
    @Test(arguments: [true, false])
    func everyCutIsTruncated(indexAtEnd: Bool) throws {
        let source = try MediaFixtures.h264AAC(indexAtEnd: indexAtEnd)
        let bytes = try Data(contentsOf: source)
        let folder = try TempDirectory()
        let cuts = (1...48).map { bytes.count * $0 / 49 }
        for length in cuts {
            let cut = folder.path("cut-\(length).mp4")
            try bytes.prefix(length).write(to: cut)
            let facts = try MediaProbe.probe(path: cut.path, deep: true)
            #expect(facts.integrity == .truncated, "cut at \(length) of \(bytes.count): \(facts.integrity) \(facts.integrityNotes)")
        }
    }

    /// Random damage anywhere in a file: the probe returns (with whatever verdict), every time.
    @Test func randomDamageNeverCrashes() throws {
        let folder = try TempDirectory()
        var verdicts: [Integrity: Int] = [:]
        for source in [try MediaFixtures.h264AAC(indexAtEnd: true), try MediaFixtures.mjpegAVI(), try MediaFixtures.mov(), try ClipFactory.photo()] {
            let original = try [UInt8](Data(contentsOf: source))
            for seed in 0..<12 {
                var bytes = original
                let noise = MediaFixtures.seededBytes(count: 64, seed: UInt64(seed) * 7919 + 1)
                // Eight runs of eight random bytes at random places, headers included.
                for run in 0..<8 {
                    let position = Int(noise[run * 8]) << 16 | Int(noise[run * 8 + 1]) << 8 | Int(noise[run * 8 + 2])
                    let at = seed < 4 ? position % min(bytes.count, 4096) : position % bytes.count
                    for i in 0..<8 where at + i < bytes.count { bytes[at + i] = noise[(run * 8 + i) % 64] }
                }
                let file = folder.path("damaged-\(seed)-\(source.lastPathComponent)")
                try Data(bytes).write(to: file)
                let facts = try MediaProbe.probe(path: file.path, deep: true)
                verdicts[facts.integrity, default: 0] += 1
            }
        }
        // Damage in the headers breaks some files outright: the check must have seen some of it.
        #expect(verdicts.values.reduce(0, +) == 48)
        #expect(verdicts[.ok, default: 0] < 48)
    }

    @Test func garbageWithAnMP4Header() throws {
        // A plausible ftyp followed by garbage: recognised as MP4, and corrupt rather than truncated.
        let folder = try TempDirectory()
        let file = folder.path("ftyp-garbage.mp4")
        var bytes: [UInt8] = [0, 0, 0, 0x18] + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isomiso2".utf8)
        bytes += MediaFixtures.seededBytes(count: 4096, seed: 9)
        try Data(bytes).write(to: file)
        let facts = try MediaProbe.probe(path: file.path)
        #expect(facts.integrity == .corrupt, "\(facts.integrityNotes)")
    }
}
