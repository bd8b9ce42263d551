/// How a review proxy is made: H.264 (libx264) and AAC in a faststart MP4, small enough to stream.
public struct ProxySettings: Sendable, Hashable {
    /// The box the displayed picture is fitted into (aspect kept, never enlarged, even sides).
    public var boxWidth: Int
    public var boxHeight: Int
    /// libx264's preset and constant-quality factor.
    public var preset: String
    public var crf: Int
    /// AAC bit rate in bits per second.
    public var audioBitRate: Int
    /// Threads for the video decoder (0: FFmpeg picks one per CPU, plus one) and for libx264 (0: x264
    /// picks). The decoder uses frame threading: several pictures decoded at once.
    public var decoderThreads: Int
    public var encoderThreads: Int
    /// Threads slicing each picture in the scaler (0: one per CPU).
    public var scalerThreads: Int
    /// The scaling algorithm; bicubic is what ffmpeg's scale filter uses by default.
    public var scaling: Scaler.Quality

    public init(
        boxWidth: Int = 640, boxHeight: Int = 360, preset: String = "veryfast", crf: Int = 28,
        audioBitRate: Int = 64_000, decoderThreads: Int = 0, encoderThreads: Int = 0, scalerThreads: Int = 0,
        scaling: Scaler.Quality = .bicubic
    ) {
        self.boxWidth = boxWidth
        self.boxHeight = boxHeight
        self.preset = preset
        self.crf = crf
        self.audioBitRate = audioBitRate
        self.decoderThreads = decoderThreads
        self.encoderThreads = encoderThreads
        self.scalerThreads = scalerThreads
        self.scaling = scaling
    }

    /// The defaults with a 16:9 box `height` pixels high (`--height 480` → 854x480).
    public init(height: Int) {
        self.init(boxWidth: ProxyGeometry.even(Double(height) * 16 / 9), boxHeight: height)
    }

    /// The recipe of a proxy made with these settings: what the catalog records as "how it was made".
    func recipe(geometry: ProxyGeometry, audio: Bool, note: String? = nil) -> String {
        var words = ["proxy", "h264", "libx264", preset, "crf\(crf)", "\(geometry.displayWidth)x\(geometry.displayHeight)"]
        if geometry.quarterTurns != 0 { words.append("rotation \(geometry.quarterTurns * 90)cw kept as display matrix") }
        words += audio ? ["aac", "\(audioBitRate / 1000)k"] : ["no audio"]
        words.append("faststart")
        if let note { words.append("(\(note))") }
        return words.joined(separator: " ")
    }
}
