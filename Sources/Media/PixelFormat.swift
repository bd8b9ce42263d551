import CFFmpeg

/// A picture layout (AVPixelFormat), named as FFmpeg names it (`yuv420p`, `rgb24`).
public struct PixelFormat: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    init(_ format: AVPixelFormat) { rawValue = format.rawValue }

    /// The format FFmpeg knows by `name`, or nil.
    public init?(name: String) {
        let format = av_get_pix_fmt(name)
        guard format != AV_PIX_FMT_NONE else { return nil }
        rawValue = format.rawValue
    }

    var av: AVPixelFormat { AVPixelFormat(rawValue: rawValue) }

    /// FFmpeg's name, or nil for AV_PIX_FMT_NONE and unknown values.
    public var name: String? { av_get_pix_fmt_name(av).map { String(cString: $0) } }

    public var description: String { name ?? "none" }

    public static let none = PixelFormat(AV_PIX_FMT_NONE)
    public static let yuv420p = PixelFormat(AV_PIX_FMT_YUV420P)
    public static let yuvj420p = PixelFormat(AV_PIX_FMT_YUVJ420P)
    public static let nv12 = PixelFormat(AV_PIX_FMT_NV12)
    public static let rgb24 = PixelFormat(AV_PIX_FMT_RGB24)
    public static let bgra = PixelFormat(AV_PIX_FMT_BGRA)
    public static let gray = PixelFormat(AV_PIX_FMT_GRAY8)
}
