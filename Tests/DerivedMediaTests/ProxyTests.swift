import Foundation
import Media
import Synchronization
import Testing
import TestSupport

@Suite struct ProxyTests {
    init() { QuietMedia.once }

    @Test func proxyOf720pIs360pH264AndAACFaststart() throws {
        let source = try DerivedClipFactory.clip(seconds: 2, width: 1280, height: 720, fps: 25)
        let before = try Oracles.sha256(source)
        let folder = try TempDirectory()
        let target = folder.path("proxy.mp4")
        let fractions = Mutex<[Double]>([])
        let derived = try ProxyTranscoder.transcode(source: source.path, to: target.path) { fraction in
            fractions.withLock { $0.append(fraction) }
        }

        let probe = try Oracles.probe(target)
        #expect(probe.video?.codec_name == "h264")
        #expect(probe.video?.width == 640)
        #expect(probe.video?.height == 360)
        #expect(probe.audio?.codec_name == "aac")
        #expect(probe.audio?.sample_rate == "48000")
        let sourceDuration = try #require(try Oracles.probe(source).duration)
        let proxyDuration = try #require(probe.duration)
        #expect(abs(proxyDuration - sourceDuration) <= 1.0 / 25, "\(proxyDuration) vs \(sourceDuration)")
        // Every picture of the source is in the proxy, none invented.
        #expect(probe.video?.nb_frames == (try Oracles.probe(source).video?.nb_frames))
        #expect(try Oracles.indexFirst(target))
        #expect(try derived.sha256 == Oracles.sha256(target))
        #expect(derived.kind == .proxy)
        #expect(derived.recipe == "proxy h264 libx264 veryfast crf28 me=dia:subme=0:bframes=0:partitions=none 640x360 area "
            + "loop filter skipped in decoding aac copied faststart")
        #expect(try Oracles.sha256(source) == before)

        let seen = fractions.withLock { $0 }
        #expect(seen.count >= 10)
        #expect(seen == seen.sorted(), "progress never goes back")
        #expect(seen.last == 1)
        // Decoding the proxy must be clean.
        let decode = try run("ffmpeg", ["-v", "error", "-nostdin", "-i", target.path, "-f", "null", "-"])
        #expect(decode.status == 0 && decode.stderr.isEmpty, "\(decode.stderr)")
    }

    @Test func portraitOddSizeKeepsItsAspect() throws {
        // 4:4:4 allows odd sides in H.264.
        let source = try DerivedClipFactory.clip(seconds: 1, width: 361, height: 641, audio: false, pixelFormat: "yuv444p")
        let sourceVideo = try #require(try Oracles.probe(source).video)
        try #require(sourceVideo.width == 361 && sourceVideo.height == 641, "the fixture has odd sides")
        let folder = try TempDirectory()
        let target = folder.path("p.mp4")
        try ProxyTranscoder.transcode(source: source.path, to: target.path)
        let video = try #require(try Oracles.probe(target).video)
        let (width, height) = (try #require(video.width), try #require(video.height))
        #expect(height == 360, "fits the box's height")
        #expect(width % 2 == 0 && height % 2 == 0)
        #expect(width <= 640)
        // Within a pixel of the source's shape after rounding to even.
        #expect(abs(Double(width) / Double(height) - 361.0 / 641.0) <= 2.0 / Double(height))
    }

    @Test func smallSourceIsNotEnlarged() throws {
        let source = try DerivedClipFactory.clip(seconds: 1, width: 320, height: 240, audio: false)
        let folder = try TempDirectory()
        try ProxyTranscoder.transcode(source: source.path, to: folder.path("s.mp4").path, settings: ProxySettings(height: 480))
        let video = try #require(try Oracles.probe(folder.path("s.mp4")).video)
        #expect(video.width == 320 && video.height == 240)
    }

    @Test func rotationIsKeptAsADisplayMatrix() throws {
        let source = try DerivedClipFactory.clip(seconds: 1, width: 1280, height: 720, audio: false, rotation: -90)
        let sourceProbe = try Oracles.probe(source)
        try #require(sourceProbe.video?.rotation == -90, "fixture has its display matrix")
        let folder = try TempDirectory()
        let target = folder.path("r.mp4")
        let derived = try ProxyTranscoder.transcode(source: source.path, to: target.path)
        let video = try #require(try Oracles.probe(target).video)
        #expect(video.rotation == -90)
        // Shown upright as 202x360 (720x1280 fitted into 640x360): coded the other way round.
        #expect(video.width == 360 && video.height == 202)
        #expect(derived.recipe.contains("202x360"))
        #expect(derived.recipe.contains("rotation 90cw kept as display matrix"))
    }

    @Test func withoutAudioTheProxyIsVideoOnly() throws {
        let source = try DerivedClipFactory.clip(seconds: 1, width: 640, height: 480, audio: false)
        let folder = try TempDirectory()
        let target = folder.path("v.mp4")
        let derived = try ProxyTranscoder.transcode(source: source.path, to: target.path)
        let probe = try Oracles.probe(target)
        #expect(probe.streams.map(\.codec_type) == ["video"])
        #expect(probe.video?.width == 480 && probe.video?.height == 360)
        #expect(derived.recipe.hasSuffix("no audio faststart"))
    }

    /// PCM in AVI states only its channel count (no layout); the resampler is still given frames it
    /// accepts (before, swr_convert_frame failed with "Input changed").
    @Test func pcmSoundWithoutALayoutBecomesAAC() throws {
        let source = try DerivedClipFactory.make(
            ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1",
             "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1", "-map", "0:v", "-map", "1:a",
             "-c:v", "mjpeg", "-c:a", "pcm_s16le", "-f", "avi"], ext: "avi")
        #expect(try Oracles.probe(source).audio?.codec_name == "pcm_s16le")
        let folder = try TempDirectory()
        let target = folder.path("avi.mp4")
        try ProxyTranscoder.transcode(source: source.path, to: target.path)
        let probe = try Oracles.probe(target)
        #expect(probe.video?.codec_name == "h264" && probe.audio?.codec_name == "aac")
        #expect(probe.audio?.sample_rate == "48000")
    }

    @Test func variableFrameRateTimesPassThrough() throws {
        let source = try DerivedClipFactory.variableFrameRate()
        let sourceTimes = try Oracles.videoPacketTimes(source)
        try #require(sourceTimes.count == 28)
        let folder = try TempDirectory()
        let target = folder.path("vfr.mp4")
        try ProxyTranscoder.transcode(source: source.path, to: target.path)
        let proxyTimes = try Oracles.videoPacketTimes(target)
        #expect(proxyTimes.count == sourceTimes.count, "no picture invented or dropped")
        let start = sourceTimes.first ?? 0
        for (ours, theirs) in zip(proxyTimes, sourceTimes) {
            #expect(abs(ours - (theirs - start)) < 0.002, "\(ours) vs \(theirs)")
        }
    }

    @Test func corruptInputFailsNamingTheCallAndLeavesNothing() throws {
        let garbage = try DerivedClipFactory.garbage()
        let folder = try TempDirectory()
        let target = folder.path("bad.mp4")
        let error = #expect(throws: MediaError.self) {
            try ProxyTranscoder.transcode(source: garbage.path, to: target.path)
        }
        #expect(error?.call == "avformat_open_input")
        #expect(error?.path == garbage.path)
        #expect(error?.description.contains("avformat_open_input") == true)
        #expect(try Oracles.fileNames(in: folder.url).isEmpty, "no output, no temporary file")
    }

    @Test func cutInputFailsAndLeavesNothing() throws {
        // The first half of an index-at-end MP4 cannot be opened ("moov atom not found").
        let whole = try Data(contentsOf: try DerivedClipFactory.clip(seconds: 2, width: 320, height: 240))
        let folder = try TempDirectory()
        let cut = folder.path("cut.mp4")
        try whole.prefix(whole.count / 2).write(to: cut)
        let error = #expect(throws: MediaError.self) {
            try ProxyTranscoder.transcode(source: cut.path, to: folder.path("out.mp4").path)
        }
        #expect(error?.code == .invalidData)
        #expect(try Oracles.fileNames(in: folder.url) == ["cut.mp4"])
    }

    /// A 60 fps recording makes a 30 fps proxy: every 1/30 s has its picture, none twice, whether the
    /// decoder may leave out non-reference pictures (B-frames, x264 fast) or has none to leave out (P
    /// only, x264 ultrafast).
    @Test(arguments: ["fast", "ultrafast"])
    func sixtyFramesASecondBecomeThirty(preset: String) throws {
        let source = try DerivedClipFactory.make(
            ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=60:duration=2", "-c:v", "libx264", "-preset", preset,
             "-pix_fmt", "yuv420p", "-threads", "1", "-f", "mp4"], ext: "mp4")
        let sourceTimes = try Oracles.videoPacketTimes(source)
        try #require(sourceTimes.count == 120)
        let folder = try TempDirectory()
        let target = folder.path("thirty.mp4")
        let derived = try ProxyTranscoder.transcode(source: source.path, to: target.path)
        #expect(derived.recipe.contains("at most 30 fps (source 60 fps)"), "\(derived.recipe)")
        let times = try Oracles.videoPacketTimes(target)
        #expect((57...61).contains(times.count), "\(times.count) pictures")
        // On the proxy's beat: every gap one interval, except where skipping turned itself off (one
        // gap up to an interval and a half, and the pictures still in the decoder's threads then).
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= 1.0 / 60 - 0.002 && $0 <= 1.0 / 30 + 1.0 / 60 + 0.002 }, "\(gaps)")
        #expect(gaps.filter { abs($0 - 1.0 / 30) > 1.0 / 120 }.count <= 3, "\(gaps)")
        let proxyDuration = try #require(try Oracles.probe(target).duration)
        #expect(abs(proxyDuration - 2) <= 1.0 / 30, "\(proxyDuration)")
    }

    /// Without a cap every picture stays, 60 fps included.
    @Test func withoutACapEveryPictureStays() throws {
        let source = try DerivedClipFactory.clip(seconds: 1, width: 320, height: 240, fps: 60, audio: false)
        let folder = try TempDirectory()
        let target = folder.path("all.mp4")
        var settings = ProxySettings()
        settings.maxFrameRate = nil
        let derived = try ProxyTranscoder.transcode(source: source.path, to: target.path, settings: settings)
        #expect(try Oracles.videoPacketTimes(target).count == (try Oracles.videoPacketTimes(source)).count)
        #expect(!derived.recipe.contains("fps"))
    }

    /// AMR sound (older recorders) is decoded and encoded to AAC; the picture is proxied as any other.
    @Test func amrSoundBecomesAAC() throws {
        let source = try DerivedClipFactory.amrNarrowband(seconds: 2)
        let sourceProbe = try Oracles.probe(source)
        try #require(sourceProbe.audio?.codec_name == "amr_nb", "the fixture has AMR-NB sound")
        let folder = try TempDirectory()
        let target = folder.path("amr.mp4")
        let derived = try ProxyTranscoder.transcode(source: source.path, to: target.path)
        let probe = try Oracles.probe(target)
        #expect(probe.video?.codec_name == "h264" && probe.audio?.codec_name == "aac")
        #expect(probe.audio?.sample_rate == "8000")
        #expect(derived.recipe.contains("aac 64k"))
        let duration = try #require(probe.duration)
        #expect(abs(duration - 2) <= 0.1, "\(duration)")
    }

    /// AAC a browser plays is copied packet for packet: same bytes, same times (the source starts at 0).
    @Test func playableAACIsCopiedUnchanged() throws {
        let source = try DerivedClipFactory.clip(seconds: 2, width: 1280, height: 720, fps: 25)
        let folder = try TempDirectory()
        let target = folder.path("copy.mp4")
        try ProxyTranscoder.transcode(source: source.path, to: target.path)
        let audioPackets = { (url: URL) in try Oracles.framemd5(url).filter { $0.hasPrefix("1,") } }
        let copied = try audioPackets(target)
        #expect(!copied.isEmpty)
        #expect(copied == (try audioPackets(source)))
    }

    /// With the plain settings (what ffmpeg's usual command does), the sound is encoded again, the
    /// loop filter runs and the scaler is bicubic; the recipe says so.
    @Test func plainSettingsEncodeTheSoundAgain() throws {
        let source = try DerivedClipFactory.clip(seconds: 1, width: 1280, height: 720, fps: 25)
        let folder = try TempDirectory()
        let target = folder.path("plain.mp4")
        let derived = try ProxyTranscoder.transcode(source: source.path, to: target.path, settings: .plain)
        #expect(derived.recipe == "proxy h264 libx264 veryfast crf28 640x360 bicubic aac 64k faststart")
        let probe = try Oracles.probe(target)
        #expect(probe.audio?.codec_name == "aac")
        #expect(try Oracles.framemd5(target).filter { $0.hasPrefix("1,") } != (try Oracles.framemd5(source).filter { $0.hasPrefix("1,") }))
    }

    /// The scaler follows the ratio: averaging from half size down, bicubic above it.
    @Test func scalerMatchesTheRatio() {
        let settings = ProxySettings()
        #expect(settings.scaling(from: (1920, 1080), to: (640, 360)) == .area)
        #expect(settings.scaling(from: (1280, 720), to: (640, 360)) == .area)
        #expect(settings.scaling(from: (1024, 576), to: (640, 360)) == .bicubic)
        #expect(ProxySettings(scaling: .lanczos).scaling(from: (1920, 1080), to: (640, 360)) == .lanczos)
    }

    @Test func geometryFitsTheDisplayedPicture() {
        let wide = ProxyGeometry(width: 1920, height: 1080, sampleAspect: nil, rotation: nil, boxWidth: 640, boxHeight: 360)
        #expect(wide.codedWidth == 640 && wide.codedHeight == 360 && wide.quarterTurns == 0)
        // Anamorphic 1440x1080 with 4:3 pixels is shown 1920x1080.
        let anamorphic = ProxyGeometry(width: 1440, height: 1080, sampleAspect: Rational(4, 3), rotation: 0, boxWidth: 640, boxHeight: 360)
        #expect(anamorphic.codedWidth == 640 && anamorphic.codedHeight == 360)
        let upright = ProxyGeometry(width: 1920, height: 1080, sampleAspect: nil, rotation: 90, boxWidth: 640, boxHeight: 360)
        #expect(upright.quarterTurns == 3)
        #expect(upright.displayWidth == 202 && upright.displayHeight == 360)
        #expect(upright.codedWidth == 360 && upright.codedHeight == 202)
        let flipped = ProxyGeometry(width: 1280, height: 720, sampleAspect: nil, rotation: 180, boxWidth: 640, boxHeight: 360)
        #expect(flipped.quarterTurns == 2 && flipped.codedWidth == 640)
        #expect(ProxySettings(height: 480).boxWidth == 854)
    }
}
