import Foundation
import Gateway
import Media
import MediaProbes
import Offload
import Testing
import TestSupport

/// What each kind of recording needs for a browser, decided from real files (probed as the offload
/// probes them), and what each `proxy_policy` makes of it.
@Suite struct DerivedNeedTests {
    enum Expected: Equatable {
        case nothing, faststart, proxy, recover
    }

    static func need(_ file: URL) throws -> DerivedNeed {
        let facts = try MediaProbe.probe(path: file.path)
        let placement = try MP4IndexPlacement.of(path: file.path)
        return DerivedNeed.of(facts: facts, placement: placement)
    }

    static func kind(_ need: DerivedNeed) -> Expected {
        switch need {
        case .nothing: .nothing
        case .faststart: .faststart
        case .proxy: .proxy
        case .recoverThenProxy: .recover
        }
    }

    @Test func eachKindOfRecording() throws {
        let folder = try TempDirectory()
        let table: [(String, URL, Expected, String?)] = [
            ("H.264/AAC MP4, index last", try MaintenanceFixtures.indexLast(), .faststart, nil),
            ("H.264/AAC MP4, index first", try MaintenanceFixtures.indexFirst(), .nothing, "index first"),
            ("HEVC MP4 (or MJPEG AVI)", try MaintenanceFixtures.unplayable(), .proxy, nil),
            ("MJPEG/PCM AVI", try MaintenanceFixtures.mjpegAVI(), .proxy, "mjpeg video"),
            ("H.264/PCM MOV", try MaintenanceFixtures.pcmMOV(), .proxy, "pcm_s16le sound"),
            ("H.264/AAC in MKV", try DerivedClipFactory.make(MaintenanceFixtures.picture + MaintenanceFixtures.sound + [
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-f", "matroska"], ext: "mkv"),
             .proxy, "not an MP4/MOV container"),
            ("MPEG-4 part 2 in MP4", try DerivedClipFactory.make(MaintenanceFixtures.picture + [
                "-c:v", "mpeg4", "-movflags", "+faststart", "-f", "mp4"], ext: "mp4"), .proxy, "mpeg4 video"),
            ("H.264/AMR-NB 3GP", try DerivedClipFactory.amrNarrowband(), .proxy, "amr_nb sound"),
            ("JPEG photo", try ClipFactory.photo(), .nothing, "a photo"),
            ("WAV sound only", try ClipFactory.audio(seconds: 1), .nothing, "no video"),
            ("MP4 cut before its index", try MaintenanceFixtures.truncated(in: folder.url), .recover, "truncated"),
        ]
        for (label, file, expected, reason) in table {
            let need = try Self.need(file)
            #expect(Self.kind(need) == expected, "\(label): \(need)")
            if let reason { #expect(need.description.contains(reason), "\(label): \(need)") }
        }
        // The AVI's reasons name its container and both streams.
        let avi = try Self.need(try MaintenanceFixtures.mjpegAVI())
        #expect(avi == .proxy("not an MP4/MOV container, mjpeg video, pcm_s16le sound"))
    }

    @Test func hevcNeedsAProxyWhereFFmpegCanMakeIt() throws {
        let encoders = try runChecked("ffmpeg", ["-hide_banner", "-encoders"]).stdout
        try #require(encoders.contains("libx265"), "no libx265 here: the HEVC case is covered by MJPEG")
        #expect(try Self.need(try MaintenanceFixtures.unplayable()) == .proxy("hevc video"))
    }

    @Test func thePolicyDecidesWhatIsMade() {
        let proxy = DerivedNeed.proxy("hevc video")
        let table: [(DerivedNeed, ProxyPolicy, Expected)] = [
            (.faststart, .none, .nothing), (.faststart, .faststart, .faststart), (.faststart, .all, .faststart),
            (proxy, .none, .nothing), (proxy, .faststart, .nothing), (proxy, .all, .proxy),
            (.nothing("index first"), .all, .nothing),
            (.recoverThenProxy, .none, .nothing), (.recoverThenProxy, .faststart, .nothing), (.recoverThenProxy, .all, .recover),
        ]
        for (need, policy, expected) in table {
            #expect(Self.kind(need.under(policy)) == expected, "\(need) under \(policy)")
        }
        #expect(proxy.under(.faststart).description.contains("no proxy under proxy_policy faststart"))
    }
}
