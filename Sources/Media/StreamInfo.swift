import CFFmpeg

/// What a container says about one of its streams, copied out of the AVStream and its codec
/// parameters, so it stays valid after the input is closed.
public struct StreamInfo: Sendable, Hashable {
    public var index: Int
    public var type: MediaType
    /// FFmpeg's codec name (`h264`, `hevc`, `aac`, `pcm_s16le`), as ffprobe's `codec_name`.
    public var codecName: String
    public var codecLongName: String?
    /// The codec profile's name (`High`, `Main`, `LC`), as ffprobe's `profile`.
    public var profile: String?
    public var codecTag: UInt32

    public var width: Int?
    public var height: Int?
    public var pixelFormat: PixelFormat?
    /// avg_frame_rate and r_frame_rate; nil when the container does not know them.
    public var averageFrameRate: Rational?
    public var realFrameRate: Rational?

    public var sampleRate: Int?
    public var channels: Int?
    /// `mono`, `stereo`, `5.1` …, as av_channel_layout_describe gives it.
    public var channelLayout: String?
    public var sampleFormat: SampleFormat?

    public var bitRate: Int64?
    public var timeBase: Rational
    /// The stream's first timestamp and length in seconds, as the container states them.
    public var startTime: Double?
    public var duration: Double?
    /// nb_frames, when the container states it.
    public var frameCount: Int64?
    public var tags: [String: String]
    /// The rotation of the stream's display matrix in degrees counterclockwise, as
    /// av_display_rotation_get and ffprobe's side data give it; nil without a display matrix.
    public var displayMatrixRotation: Double?
    /// A still picture attached to an audio file (cover art), not a video.
    public var isAttachedPicture: Bool

    init(_ stream: UnsafeMutablePointer<AVStream>) {
        let s = stream.pointee
        let parameters = s.codecpar.pointee
        index = Int(s.index)
        type = MediaType(parameters.codec_type)
        codecName = String(cString: avcodec_get_name(parameters.codec_id))
        codecLongName = avcodec_descriptor_get(parameters.codec_id).flatMap { $0.pointee.long_name }.map { String(cString: $0) }
        profile = avcodec_profile_name(parameters.codec_id, parameters.profile).map { String(cString: $0) }
        codecTag = parameters.codec_tag

        let isVideo = type == .video
        let isAudio = type == .audio
        width = isVideo && parameters.width > 0 ? Int(parameters.width) : nil
        height = isVideo && parameters.height > 0 ? Int(parameters.height) : nil
        pixelFormat = isVideo && parameters.format >= 0 ? PixelFormat(rawValue: parameters.format) : nil
        averageFrameRate = isVideo ? Rational(s.avg_frame_rate).known : nil
        realFrameRate = isVideo ? Rational(s.r_frame_rate).known : nil

        sampleRate = isAudio && parameters.sample_rate > 0 ? Int(parameters.sample_rate) : nil
        channels = isAudio && parameters.ch_layout.nb_channels > 0 ? Int(parameters.ch_layout.nb_channels) : nil
        channelLayout = isAudio ? Self.describe(stream.pointee.codecpar) : nil
        sampleFormat = isAudio && parameters.format >= 0 ? SampleFormat(rawValue: parameters.format) : nil

        bitRate = parameters.bit_rate > 0 ? parameters.bit_rate : nil
        timeBase = Rational(s.time_base)
        startTime = timeBase.seconds(s.start_time)
        duration = timeBase.seconds(s.duration)
        frameCount = s.nb_frames > 0 ? s.nb_frames : nil
        tags = MediaDictionary.entries(s.metadata)
        displayMatrixRotation = recgate_stream_display_matrix(stream).flatMap { matrix in
            let degrees = av_display_rotation_get(matrix)
            return degrees.isNaN ? nil : degrees
        }
        isAttachedPicture = (s.disposition & AV_DISPOSITION_ATTACHED_PIC) != 0
    }

    /// The layout's name, or nil when only a channel count is known (AV_CHANNEL_ORDER_UNSPEC: FFmpeg
    /// would describe it as "1 channels", ffprobe leaves it out).
    private static func describe(_ parameters: UnsafeMutablePointer<AVCodecParameters>) -> String? {
        guard parameters.pointee.ch_layout.order != AV_CHANNEL_ORDER_UNSPEC else { return nil }
        var buffer = [CChar](repeating: 0, count: 128)
        let written = withUnsafePointer(to: &parameters.pointee.ch_layout) { layout in
            av_channel_layout_describe(layout, &buffer, buffer.count)
        }
        guard written > 0 else { return nil }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

extension Rational {
    /// Self, or nil for FFmpeg's two spellings of "unknown rate" (0/0 and 0/1).
    var known: Rational? { nonZeroValue == nil ? nil : self }
}
