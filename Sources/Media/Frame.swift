import CFFmpeg

/// One decoded picture or block of audio samples (AVFrame), reused from frame to frame.
public struct Frame: ~Copyable {
    let pointer: UnsafeMutablePointer<AVFrame>

    public init() throws(MediaError) {
        MediaLog.ensureRouted()
        pointer = try MediaError.allocated(av_frame_alloc(), "av_frame_alloc")
    }

    // Video.
    public var width: Int {
        get { Int(pointer.pointee.width) }
        set { pointer.pointee.width = Int32(newValue) }
    }

    public var height: Int {
        get { Int(pointer.pointee.height) }
        set { pointer.pointee.height = Int32(newValue) }
    }

    public var pixelFormat: PixelFormat {
        get { PixelFormat(rawValue: pointer.pointee.format) }
        set { pointer.pointee.format = newValue.rawValue }
    }

    public var isKeyframe: Bool { pointer.pointee.key_frame != 0 }

    // Audio.
    public var sampleCount: Int {
        get { Int(pointer.pointee.nb_samples) }
        set { pointer.pointee.nb_samples = Int32(newValue) }
    }

    public var sampleRate: Int {
        get { Int(pointer.pointee.sample_rate) }
        set { pointer.pointee.sample_rate = Int32(newValue) }
    }

    public var sampleFormat: SampleFormat {
        get { SampleFormat(rawValue: pointer.pointee.format) }
        set { pointer.pointee.format = newValue.rawValue }
    }

    public var channels: Int { Int(pointer.pointee.ch_layout.nb_channels) }

    /// Sets the channel layout to FFmpeg's default for `count` channels (mono, stereo …).
    public mutating func setDefaultChannelLayout(channels count: Int) {
        av_channel_layout_uninit(&pointer.pointee.ch_layout)
        av_channel_layout_default(&pointer.pointee.ch_layout, Int32(count))
    }

    /// Whether the channels have no stated order (PCM in AVI or WAV says only how many there are).
    public var hasUnspecifiedChannelLayout: Bool { pointer.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC }

    // Both.
    /// The presentation time in the time base of the decoder's packets; nil when unset.
    public var pts: Int64? {
        get { MediaTime.known(pointer.pointee.pts) }
        set { pointer.pointee.pts = newValue ?? MediaTime.unset }
    }

    /// The best guess of the presentation time FFmpeg makes from pts and dts (best_effort_timestamp).
    public var bestEffortTimestamp: Int64? { MediaTime.known(pointer.pointee.best_effort_timestamp) }

    /// The decoder reported damage in this frame (concealed errors, missing references) or it comes
    /// from a packet flagged corrupt.
    public var isDamaged: Bool { recgate_frame_is_damaged(pointer) != 0 }

    /// The bytes of plane `plane` with its line size (bytes per row, padding included), during `body`.
    public func withUnsafePlane<R, E: Error>(
        _ plane: Int, _ body: (UnsafeRawPointer?, Int) throws(E) -> R
    ) throws(E) -> R {
        precondition(plane >= 0 && plane < 8, "plane \(plane)")
        let data = withUnsafeBytes(of: pointer.pointee.data) { $0.load(fromByteOffset: plane * MemoryLayout<UnsafeMutablePointer<UInt8>?>.stride, as: UnsafeMutablePointer<UInt8>?.self) }
        let lineSize = withUnsafeBytes(of: pointer.pointee.linesize) { $0.load(fromByteOffset: plane * MemoryLayout<Int32>.stride, as: Int32.self) }
        return try body(data.map { UnsafeRawPointer($0) }, Int(lineSize))
    }

    /// Allocates buffers for the format, size or sample count already set (av_frame_get_buffer).
    public mutating func allocateBuffers() throws(MediaError) {
        try MediaError.check(av_frame_get_buffer(pointer, 0), "av_frame_get_buffer")
    }

    /// Makes the buffers writable, copying them if a decoder or encoder still holds a reference.
    public mutating func makeWritable() throws(MediaError) {
        try MediaError.check(av_frame_make_writable(pointer), "av_frame_make_writable")
    }

    /// Drops the data and resets the fields, keeping the allocation.
    public mutating func unreference() { av_frame_unref(pointer) }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }
}
