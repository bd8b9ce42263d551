import CFFmpeg

/// A picture converter (SwsContext): size and pixel format, e.g. decoded yuv420p to a 640x360 proxy or
/// to rgb24 for a contact sheet. Unique owner.
public struct Scaler: ~Copyable {
    let pointer: OpaquePointer
    public let source: Geometry
    public let target: Geometry

    /// A picture size and layout.
    public struct Geometry: Sendable, Hashable {
        public var width: Int
        public var height: Int
        public var pixelFormat: PixelFormat

        public init(width: Int, height: Int, pixelFormat: PixelFormat) {
            self.width = width
            self.height = height
            self.pixelFormat = pixelFormat
        }
    }

    /// The swscale algorithm.
    public enum Quality: Sendable {
        case fastBilinear, bilinear, bicubic, lanczos
        /// Each output pixel the average of the source pixels it covers: for shrinking by a factor of
        /// two or more, where bicubic's four taps would skip source pixels anyway.
        case area

        var flags: Int32 {
            switch self {
            case .fastBilinear: SWS_FAST_BILINEAR
            case .bilinear: SWS_BILINEAR
            case .bicubic: SWS_BICUBIC
            case .lanczos: SWS_LANCZOS
            case .area: SWS_AREA
            }
        }
    }

    public init(from source: Geometry, to target: Geometry, quality: Quality = .bicubic) throws(MediaError) {
        MediaLog.ensureRouted()
        guard let context = sws_getContext(
            Int32(source.width), Int32(source.height), source.pixelFormat.av,
            Int32(target.width), Int32(target.height), target.pixelFormat.av,
            quality.flags, nil, nil, nil)
        else {
            throw MediaError(.invalidArgument, call: "sws_getContext",
                             message: "cannot convert \(source.width)x\(source.height) \(source.pixelFormat) to \(target.width)x\(target.height) \(target.pixelFormat)")
        }
        pointer = context
        self.source = source
        self.target = target
    }

    /// Converts `input` (of the source geometry) into `output`, which gets fresh buffers of the target
    /// geometry, and the input's timestamp.
    public func scale(_ input: borrowing Frame, into output: inout Frame) throws(MediaError) {
        try source.requireMatch(input, call: "sws_scale_frame")
        try output.replaceBuffers(with: target)
        try MediaError.check(sws_scale_frame(pointer, output.pointer, input.pointer), "sws_scale_frame")
        output.pts = input.pts
    }

    deinit { sws_freeContext(pointer) }
}

extension Scaler.Geometry {
    /// Throws unless `frame` has this size and layout, naming `call` as the one refused.
    func requireMatch(_ frame: borrowing Frame, call: String) throws(MediaError) {
        guard frame.width == width, frame.height == height, frame.pixelFormat == pixelFormat else {
            throw MediaError(.invalidArgument, call: call,
                             message: "frame is \(frame.width)x\(frame.height) \(frame.pixelFormat), expected \(width)x\(height) \(pixelFormat)")
        }
    }
}

extension Frame {
    /// Drops what the frame held and gives it fresh buffers of `geometry`.
    mutating func replaceBuffers(with geometry: Scaler.Geometry) throws(MediaError) {
        unreference()
        width = geometry.width
        height = geometry.height
        pixelFormat = geometry.pixelFormat
        try allocateBuffers()
    }
}
