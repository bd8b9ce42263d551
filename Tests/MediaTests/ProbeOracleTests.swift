import Foundation
import Media
@testable import MediaProbes
import Testing
import TestSupport

/// The probe against ffprobe on every well-formed fixture: same container, codecs, sizes, rates,
/// channels, tags and rotation; durations within one frame; one packet counted per packet ffprobe reads.
@Suite struct ProbeOracleTests {
    @Test(arguments: GoodFixture.allCases)
    func agreesWithFFprobe(_ fixture: GoodFixture) throws {
        let url = try fixture.url()
        let facts = try MediaProbe.probe(path: url.path)
        let oracle = try FFprobe(url, countPackets: true)

        #expect(facts.integrity == .ok, "\(facts.integrityNotes) \(facts.error ?? "")")
        #expect(facts.error == nil)
        #expect(facts.format == FFprobe.string(oracle.format["format_name"]))
        #expect(facts.formatLongName == FFprobe.string(oracle.format["format_long_name"]))
        #expect(facts.size == Int64(FFprobe.string(oracle.format["size"]) ?? ""))
        #expect(facts.tags == (oracle.format["tags"] as? [String: String] ?? [:]))
        #expect(facts.bitRate == FFprobe.string(oracle.format["bit_rate"]).flatMap { Int64($0) })

        // One frame: of the first video stream, else of an AAC frame at the audio rate.
        let frame = oneFrame(facts)
        let theirDuration = try #require(FFprobe.number(oracle.format["duration"]))
        let ourDuration = try #require(facts.duration)
        #expect(abs(ourDuration - theirDuration) <= frame, "duration \(ourDuration) vs ffprobe \(theirDuration)")

        try #require(facts.streams.count == oracle.streams.count)
        for (ours, theirs) in zip(facts.streams, oracle.streams) {
            let label = "\(fixture) stream \(ours.index)"
            #expect(ours.type.rawValue == FFprobe.string(theirs["codec_type"]), "\(label)")
            #expect(ours.codec == FFprobe.string(theirs["codec_name"]), "\(label)")
            #expect(ours.profile == FFprobe.string(theirs["profile"]), "\(label)")
            #expect(ours.width == FFprobe.number(theirs["width"]).map { Int($0) }, "\(label)")
            #expect(ours.height == FFprobe.number(theirs["height"]).map { Int($0) }, "\(label)")
            #expect(ours.sampleRate == FFprobe.number(theirs["sample_rate"]).map { Int($0) }, "\(label)")
            #expect(ours.channels == FFprobe.number(theirs["channels"]).map { Int($0) }, "\(label)")
            #expect(ours.channelLayout == FFprobe.string(theirs["channel_layout"]), "\(label)")
            #expect(ours.bitRate == FFprobe.string(theirs["bit_rate"]).flatMap { Int64($0) }, "\(label)")
            #expect(ours.timeBase == FFprobe.string(theirs["time_base"]), "\(label)")
            #expect(ours.tags == (theirs["tags"] as? [String: String] ?? [:]), "\(label)")
            if ours.type == .video {
                #expect(ours.averageFrameRate == FFprobe.string(theirs["avg_frame_rate"]), "\(label)")
                #expect(ours.pixelFormat == FFprobe.string(theirs["pix_fmt"]), "\(label)")
            }
            if let degrees = FFprobe.rotation(theirs) {
                #expect(ours.rotation == StreamFacts.normalized(degrees), "\(label): rotation \(String(describing: ours.rotation)) vs ffprobe \(degrees)")
            } else {
                #expect(ours.rotation == nil, "\(label)")
            }
            #expect(ours.packets.count == FFprobe.number(theirs["nb_read_packets"]).map { Int($0) }, "\(label)")
            // The packets' span against the stream's stated duration: AAC adds its priming and padding
            // (up to one audio frame each side), so two frames of slack.
            if let stated = FFprobe.number(theirs["duration"]), let first = ours.packets.firstTime, let end = ours.packets.endTime {
                let streamFrame = ours.frameRate.map { 1 / $0 } ?? ours.sampleRate.map { 1024 / Double($0) } ?? 0.04
                #expect(abs((end - first) - stated) <= 2 * streamFrame + 1e-6, "\(label): packets span \(end - first) s, stated \(stated) s")
            }
        }
    }

    private func oneFrame(_ facts: MediaFacts) -> Double {
        if let rate = facts.streams.first(where: { $0.type == .video })?.frameRate { return 1 / rate }
        if let rate = facts.streams.first(where: { $0.type == .audio })?.sampleRate { return 1024 / Double(rate) }
        return 0.04
    }

    @Test func recordingKinds() throws {
        let kinds: [(GoodFixture, String)] = [
            (.h264IndexAtEnd, "video"), (.hevc, "video"), (.mjpegAVI, "video"), (.mov, "video"),
            (.m4a, "audio"), (.wav, "audio"), (.jpeg, "photo"),
        ]
        for (fixture, kind) in kinds {
            #expect(try MediaProbe.probe(path: fixture.url().path).kind?.rawValue == kind, "\(fixture)")
        }
    }

    @Test func tagsAndRotation() throws {
        let mov = try MediaProbe.probe(path: MediaFixtures.mov().path)
        #expect(mov.make == MediaFixtures.movMake)
        #expect(mov.model == MediaFixtures.movModel)
        #expect(mov.location == MediaFixtures.movLocation)
        #expect(mov.creationTime == nil)

        let rotated = try MediaProbe.probe(path: MediaFixtures.rotated().path)
        #expect(rotated.creationTime == ISO8601DateFormatter().date(from: MediaFixtures.rotatedCreationTime))
        #expect(rotated.rotation == 90)
        #expect(rotated.streams.first?.rotationSource == "display_matrix")

        let plain = try MediaProbe.probe(path: MediaFixtures.h264AAC().path)
        #expect(plain.rotation == nil)
        #expect(plain.creationTime == nil)
    }

    @Test func indexPosition() throws {
        let atEnd = try MediaProbe.probe(path: MediaFixtures.h264AAC(indexAtEnd: true).path)
        let first = try MediaProbe.probe(path: MediaFixtures.h264AAC(indexAtEnd: false).path)
        #expect(atEnd.mp4?.indexAtEnd == true)
        #expect(first.mp4?.indexAtEnd == false)
        #expect(atEnd.mp4?.boxes.map(\.type).filter { $0 != "free" } == ["ftyp", "mdat", "moov"])
        #expect(first.mp4?.boxes.map(\.type).filter { $0 != "free" } == ["ftyp", "moov", "mdat"])
        // The index describes the media data exactly up to the end of the mdat.
        for facts in [atEnd, first] {
            let layout = try #require(facts.mp4)
            #expect(layout.indexedDataEnd != nil && layout.indexedDataEnd == layout.mediaDataEnd)
        }
        // Not MP4: no layout.
        #expect(try MediaProbe.probe(path: MediaFixtures.mjpegAVI().path).mp4 == nil)
    }
}
