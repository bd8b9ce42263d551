import CFFmpeg

/// An audio sample layout (AVSampleFormat): `s16`, `fltp`.
public struct SampleFormat: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    init(_ format: AVSampleFormat) { rawValue = format.rawValue }

    public init?(name: String) {
        let format = av_get_sample_fmt(name)
        guard format != AV_SAMPLE_FMT_NONE else { return nil }
        rawValue = format.rawValue
    }

    var av: AVSampleFormat { AVSampleFormat(rawValue: rawValue) }

    public var name: String? { av_get_sample_fmt_name(av).map { String(cString: $0) } }

    /// Bytes of one sample of one channel.
    public var bytesPerSample: Int { Int(av_get_bytes_per_sample(av)) }

    /// Whether each channel has its own plane.
    public var isPlanar: Bool { av_sample_fmt_is_planar(av) != 0 }

    public var description: String { name ?? "none" }

    public static let none = SampleFormat(AV_SAMPLE_FMT_NONE)
    public static let s16 = SampleFormat(AV_SAMPLE_FMT_S16)
    public static let s16p = SampleFormat(AV_SAMPLE_FMT_S16P)
    public static let flt = SampleFormat(AV_SAMPLE_FMT_FLT)
    public static let fltp = SampleFormat(AV_SAMPLE_FMT_FLTP)
}
