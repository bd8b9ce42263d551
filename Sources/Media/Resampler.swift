import CFFmpeg

/// An audio converter (SwrContext): sample rate, format and channel count, e.g. decoded AAC to the
/// encoder's layout for a proxy. Unique owner.
public struct Resampler: ~Copyable {
    let pointer: OpaquePointer
    public let source: Layout
    public let target: Layout

    /// A sample rate, sample format and channel count (with FFmpeg's default layout for that count).
    public struct Layout: Sendable, Hashable {
        public var sampleRate: Int
        public var sampleFormat: SampleFormat
        public var channels: Int

        public init(sampleRate: Int, sampleFormat: SampleFormat, channels: Int) {
            self.sampleRate = sampleRate
            self.sampleFormat = sampleFormat
            self.channels = channels
        }
    }

    public init(from source: Layout, to target: Layout) throws(MediaError) {
        MediaLog.ensureRouted()
        var sourceLayout = AVChannelLayout()
        var targetLayout = AVChannelLayout()
        av_channel_layout_default(&sourceLayout, Int32(source.channels))
        av_channel_layout_default(&targetLayout, Int32(target.channels))
        defer {
            av_channel_layout_uninit(&sourceLayout)
            av_channel_layout_uninit(&targetLayout)
        }
        var context: OpaquePointer? = nil
        try MediaError.check(swr_alloc_set_opts2(
            &context, &targetLayout, target.sampleFormat.av, Int32(target.sampleRate),
            &sourceLayout, source.sampleFormat.av, Int32(source.sampleRate), 0, nil), "swr_alloc_set_opts2")
        guard let context else { throw MediaError(.outOfMemory, call: "swr_alloc_set_opts2") }
        let result = swr_init(context)
        if result < 0 {
            var freeing: OpaquePointer? = context
            swr_free(&freeing)
            throw MediaError(.init(rawValue: result), call: "swr_init")
        }
        pointer = context
        self.source = source
        self.target = target
    }

    /// Converts `input` into `output` (fresh buffers in the target layout); the samples the
    /// resampler cannot place yet stay buffered for the next call or `drain`.
    public mutating func convert(_ input: borrowing Frame, into output: inout Frame) throws(MediaError) {
        let incoming = av_rescale_rnd(Int64(input.sampleCount), Int64(target.sampleRate), Int64(source.sampleRate), AV_ROUND_UP)
        guard try prepare(&output, extra: Int(incoming)) else { return }
        try MediaError.check(swr_convert_frame(pointer, output.pointer, input.pointer), "swr_convert_frame")
    }

    /// Takes the samples still buffered into `output`; 0 samples in `output` means none were left.
    public mutating func drain(into output: inout Frame) throws(MediaError) {
        guard try prepare(&output, extra: 0) else { return }
        try MediaError.check(swr_convert_frame(pointer, output.pointer, nil), "swr_convert_frame")
    }

    /// Sets `output` up in the target layout with room for the buffered samples plus `extra`; false
    /// when there is nothing to hold.
    private func prepare(_ output: inout Frame, extra: Int) throws(MediaError) -> Bool {
        output.unreference()
        output.sampleRate = target.sampleRate
        output.sampleFormat = target.sampleFormat
        output.setDefaultChannelLayout(channels: target.channels)
        output.sampleCount = Int(swr_get_delay(pointer, Int64(target.sampleRate))) + extra
        guard output.sampleCount > 0 else { return false }
        try output.allocateBuffers()
        return true
    }

    deinit {
        var context: OpaquePointer? = pointer
        swr_free(&context)
    }
}
