import Foundation
import MediaProbes
import Testing
import TestSupport

/// `deep` decodes every frame: as many as ffprobe -count_frames decodes, no errors in clean files,
/// errors (and a corrupt verdict) in a damaged one whose structure the cheap check finds sound.
@Suite struct DeepDecodeTests {
    @Test(arguments: [GoodFixture.h264IndexAtEnd, .hevc, .mjpegAVI, .m4a, .wav, .jpeg])
    func cleanFilesDecodeWithoutErrors(_ fixture: GoodFixture) throws {
        let url = try fixture.url()
        let facts = try MediaProbe.probe(path: url.path, deep: true)
        let oracle = try FFprobe(url, countFrames: true)
        #expect(facts.integrity == .ok, "\(facts.integrityNotes)")
        #expect(facts.deep)
        #expect(facts.decodeErrors == 0)
        for (ours, theirs) in zip(facts.streams, oracle.streams) {
            let decode = try #require(ours.decode, "\(fixture) stream \(ours.index) not decoded")
            #expect(decode.errors == 0)
            #expect(decode.frames == FFprobe.number(theirs["nb_read_frames"]).map { Int($0) },
                    "\(fixture) stream \(ours.index): \(decode.frames) frames, ffprobe \(String(describing: theirs["nb_read_frames"]))")
        }
    }

    @Test func damagedFileIsCorruptOnlyWhenDecoded() throws {
        let url = try MediaFixtures.damaged()
        let cheap = try MediaProbe.probe(path: url.path)
        #expect(cheap.integrity == .ok)
        #expect(cheap.decodeErrors == nil)
        #expect(cheap.streams.allSatisfy { $0.decode == nil })

        let deep = try MediaProbe.probe(path: url.path, deep: true)
        #expect(deep.integrity == .corrupt)
        let errors = try #require(deep.decodeErrors)
        #expect(errors > 0)
        #expect(errors == deep.streams.compactMap(\.decode?.errors).reduce(0, +))

        // ffmpeg's own decoder run reports errors for this file and none for its undamaged source.
        let damaged = try run("ffmpeg", ["-v", "error", "-nostdin", "-i", url.path, "-f", "null", "-"])
        let clean = try run("ffmpeg", ["-v", "error", "-nostdin", "-i", MediaFixtures.h264AAC(indexAtEnd: false).path, "-f", "null", "-"])
        #expect(!damaged.stderr.isEmpty)
        #expect(clean.stderr.isEmpty)
    }
}
