import Media

/// One stream of a recording, as the probe reports it.
public struct StreamFacts: Sendable, Hashable, Codable {
    public var index: Int
    public var type: MediaType
    /// FFmpeg's codec name, as ffprobe's `codec_name`.
    public var codec: String
    public var codecLongName: String?
    public var profile: String?
    public var width: Int?
    public var height: Int?
    public var pixelFormat: String?
    /// Frames per second (the average rate, else the base rate), and the rate as a fraction.
    public var frameRate: Double?
    public var averageFrameRate: String?
    public var sampleRate: Int?
    public var channels: Int?
    public var channelLayout: String?
    public var sampleFormat: String?
    public var bitRate: Int64?
    public var timeBase: String
    public var startTime: Double?
    public var duration: Double?
    public var frameCount: Int64?
    /// Display rotation in degrees counterclockwise, 0 ..< 360 (FFmpeg's convention: a `rotate=90`
    /// tag written by ffmpeg 5.1 reads back as 90 from the display matrix), and where it came from:
    /// `display_matrix` or `rotate_tag`.
    public var rotation: Int?
    public var rotationSource: String?
    public var tags: [String: String]
    public var packets: PacketSpan
    /// Only with a deep check, for streams with a decoder.
    public var decode: DecodeCount?

    init(_ info: StreamInfo) {
        index = info.index
        type = info.type
        codec = info.codecName
        codecLongName = info.codecLongName
        profile = info.profile
        width = info.width
        height = info.height
        pixelFormat = info.pixelFormat?.name
        let rate = info.averageFrameRate ?? info.realFrameRate
        frameRate = rate?.value
        averageFrameRate = rate?.description
        sampleRate = info.sampleRate
        channels = info.channels
        channelLayout = info.channelLayout
        sampleFormat = info.sampleFormat?.name
        bitRate = info.bitRate
        timeBase = info.timeBase.description
        startTime = info.startTime
        duration = info.duration
        frameCount = info.frameCount
        tags = info.tags
        packets = PacketSpan()
        if let degrees = info.displayMatrixRotation {
            rotation = Self.normalized(degrees)
            rotationSource = "display_matrix"
        } else if let tag = info.tags["rotate"], let clockwise = Double(tag) {
            // The old `rotate` tag counts clockwise.
            rotation = Self.normalized(-clockwise)
            rotationSource = "rotate_tag"
        }
    }

    static func normalized(_ degrees: Double) -> Int {
        let whole = Int(degrees.rounded()) % 360
        return whole < 0 ? whole + 360 : whole
    }

    enum CodingKeys: String, CodingKey {
        case index, type, codec
        case codecLongName = "codec_long_name"
        case profile, width, height
        case pixelFormat = "pixel_format"
        case frameRate = "frame_rate"
        case averageFrameRate = "avg_frame_rate"
        case sampleRate = "sample_rate"
        case channels
        case channelLayout = "channel_layout"
        case sampleFormat = "sample_format"
        case bitRate = "bit_rate"
        case timeBase = "time_base"
        case startTime = "start_time"
        case duration
        case frameCount = "frame_count"
        case rotation
        case rotationSource = "rotation_source"
        case tags, packets, decode
    }
}
