import CThreadPriority

/// How a review proxy is made: H.264 (libx264) and AAC in a faststart MP4, small enough to stream.
///
/// The defaults are the fast review copy: each choice below was measured on its own against the
/// source (SSIM of the proxy against the source scaled to the proxy's size) and kept only where the
/// picture held; `recgate-bench proxy --one-by-one yes` measures them again, and NOTES.md keeps the figures.
public struct ProxySettings: Sendable, Hashable {
    /// The box the displayed picture is fitted into (aspect kept, never enlarged, even sides).
    public var boxWidth: Int
    public var boxHeight: Int
    /// libx264's preset and constant-quality factor.
    public var preset: String
    public var crf: Int
    /// libx264 options on top of the preset (`x264-params` syntax, `key=value:key=value`; empty for
    /// none). The default narrows the motion search (diamond, no subpixel refinement), leaves out B-frames
    /// and the smaller partitions: at 640x360 the encoder then takes 0.38 of the preset's time for 0.0015
    /// less SSIM and a third more bytes (a review copy on the local network: bytes are cheap).
    public var encoderTuning: String
    /// AAC bit rate in bits per second, when the sound is encoded.
    public var audioBitRate: Int
    /// Whether AAC sound a browser plays (LC or HE, mono or stereo) is copied as it is instead of being
    /// decoded and encoded again: no generation loss, and no audio work at all.
    public var copyPlayableAudio: Bool
    /// Whether the video decoder skips its in-loop deblocking (H.264) or deblocking and SAO (HEVC). The
    /// filter smooths block edges that the downscale to a proxy averages away anyway; skipping it saves
    /// about a sixth of decoding.
    public var skipLoopFilter: Bool
    /// Threads for the video decoder (frame threads: several pictures at once) and libx264. 0: one per
    /// core this process may run on (see ``availableCores``); FFmpeg's own automatic count is one more
    /// than that, and the extra thread costs more than it gains. The scaler's slices: 0 is one, since
    /// it runs on the decode stage's thread beside the decoder's own (slicing there measured slower).
    public var decoderThreads: Int
    public var encoderThreads: Int
    public var scalerThreads: Int
    /// The scaling algorithm; nil matches it to the ratio (``scaling(from:to:)``).
    public var scaling: Scaler.Quality?
    /// The most pictures a second the proxy keeps (nil: every picture). A recording at more than 1.2
    /// times this rate keeps a picture whenever at least one interval has passed since the last one kept
    /// (a 60 fps recording becomes 30 fps); slower ones keep every picture. Where at least every other
    /// picture goes, the decoder leaves out non-reference pictures to begin with, and goes back to
    /// decoding all of them as soon as the ones left would leave a gap longer than the interval.
    public var maxFrameRate: Double?

    public init(
        boxWidth: Int = 640, boxHeight: Int = 360, preset: String = "veryfast", crf: Int = 28,
        encoderTuning: String = "me=dia:subme=0:bframes=0:partitions=none", audioBitRate: Int = 64_000, copyPlayableAudio: Bool = true,
        skipLoopFilter: Bool = true, decoderThreads: Int = 0, encoderThreads: Int = 0, scalerThreads: Int = 0,
        scaling: Scaler.Quality? = nil, maxFrameRate: Double? = 30
    ) {
        self.boxWidth = boxWidth
        self.boxHeight = boxHeight
        self.preset = preset
        self.crf = crf
        self.encoderTuning = encoderTuning
        self.audioBitRate = audioBitRate
        self.copyPlayableAudio = copyPlayableAudio
        self.skipLoopFilter = skipLoopFilter
        self.decoderThreads = decoderThreads
        self.encoderThreads = encoderThreads
        self.scalerThreads = scalerThreads
        self.scaling = scaling
        self.maxFrameRate = maxFrameRate
    }

    /// The defaults with a 16:9 box `height` pixels high (`--height 480` → 854x480).
    public init(height: Int) {
        self.init(boxWidth: ProxyGeometry.even(Double(height) * 16 / 9), boxHeight: height)
    }

    /// The settings as ffmpeg's plain proxy makes it, for comparison: the loop filter run, bicubic,
    /// the preset alone, sound encoded again, FFmpeg's thread counts.
    public static var plain: ProxySettings {
        ProxySettings(encoderTuning: "", copyPlayableAudio: false, skipLoopFilter: false, scaling: .bicubic, maxFrameRate: nil)
    }

    /// The scaler for a picture shrunk from `source` to `target` pixels: averaging (area) when both sides
    /// shrink to half or less, bicubic otherwise. Measured at 1080p to 360p: area takes two thirds of
    /// bicubic's time for 0.004 less SSIM.
    public func scaling(from source: (width: Int, height: Int), to target: (width: Int, height: Int)) -> Scaler.Quality {
        if let scaling { return scaling }
        return source.width >= 2 * target.width && source.height >= 2 * target.height ? .area : .bicubic
    }

    /// `count`, or for 0 the cores this process may run on, at most 16 (FFmpeg warns above that, and a
    /// 360p encode has no use for more).
    static func threads(_ count: Int) -> Int { count > 0 ? count : min(availableCores, 16) }

    /// The cores this process may run on (its CPU affinity, which a container or `taskset` narrows),
    /// at least 1.
    public static var availableCores: Int { Int(recgate_available_cpus()) }

    /// The recipe of a proxy made with these settings: what the catalog records as "how it was made".
    func recipe(
        geometry: ProxyGeometry, audio: ProxyAudio, scaling: Scaler.Quality, frameRateCap: (kept: Double, source: Double)? = nil,
        note: String? = nil
    ) -> String {
        var words = ["proxy", "h264", "libx264", preset, "crf\(crf)"]
        if !encoderTuning.isEmpty { words.append(encoderTuning) }
        words.append("\(geometry.displayWidth)x\(geometry.displayHeight)")
        if let frameRateCap {
            words.append("at most \(Self.rateText(frameRateCap.kept)) fps (source \(Self.rateText(frameRateCap.source)) fps)")
        }
        words.append("\(scaling)")
        if skipLoopFilter { words.append("loop filter skipped in decoding") }
        if geometry.quarterTurns != 0 { words.append("rotation \(geometry.quarterTurns * 90)cw kept as display matrix") }
        switch audio {
        case .none: words.append("no audio")
        case .encoded: words += ["aac", "\(audioBitRate / 1000)k"]
        case .copied: words.append("aac copied")
        }
        words.append("faststart")
        if let note { words.append("(\(note))") }
        return words.joined(separator: " ")
    }
}

extension ProxySettings {
    /// A frame rate for people: whole numbers without decimals, others with two.
    static func rateText(_ rate: Double) -> String {
        rate == rate.rounded() ? String(Int(rate)) : String((rate * 100).rounded() / 100)
    }
}

/// What a proxy does with the source's sound.
enum ProxyAudio {
    case none, encoded, copied
}
