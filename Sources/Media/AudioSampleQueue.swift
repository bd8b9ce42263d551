/// Planar audio samples waiting between a resampler, which hands over blocks of any length, and an
/// encoder that takes exactly `frame_size` samples per frame (AAC: 1024).
///
/// Kept in Swift arrays, one per channel: a proxy's audio is two channels at most, a few hundred
/// kilobytes a minute, so the copying costs nothing next to the encoding.
public struct AudioSampleQueue: Sendable {
    public let layout: Resampler.Layout
    private var planes: [[UInt8]]
    /// Bytes of each plane already taken; dropped from the front in bulk, not per frame.
    private var consumed = 0

    /// A queue for `layout`, which must be planar (one plane per channel, as `fltp`).
    public init(layout: Resampler.Layout) {
        precondition(layout.sampleFormat.isPlanar, "AudioSampleQueue holds planar samples, not \(layout.sampleFormat)")
        precondition(layout.channels >= 1 && layout.channels <= 8, "1 to 8 channels")
        self.layout = layout
        planes = Array(repeating: [], count: layout.channels)
    }

    private var bytesPerSample: Int { layout.sampleFormat.bytesPerSample }

    /// Samples per channel waiting.
    public var count: Int { (planes[0].count - consumed) / bytesPerSample }

    /// Appends the samples of `frame`, which must be in the queue's layout.
    public mutating func append(_ frame: borrowing Frame) throws(MediaError) {
        guard frame.sampleFormat == layout.sampleFormat, frame.channels == layout.channels else {
            throw MediaError(.invalidArgument, call: "AudioSampleQueue.append",
                             message: "frame is \(frame.channels) ch \(frame.sampleFormat), queue holds \(layout.channels) ch \(layout.sampleFormat)")
        }
        let bytes = frame.sampleCount * bytesPerSample
        guard bytes > 0 else { return }
        for channel in 0..<layout.channels {
            frame.withUnsafePlane(channel) { data, _ in
                guard let data else { return }
                planes[channel].append(contentsOf: UnsafeRawBufferPointer(start: data, count: bytes))
            }
        }
    }

    /// Moves the first `samples` samples (at most `count`) into `frame`, which gets fresh buffers in
    /// the queue's layout.
    public mutating func take(_ samples: Int, into frame: inout Frame) throws(MediaError) {
        precondition(samples > 0 && samples <= count, "take \(samples) of \(count)")
        frame.unreference()
        frame.sampleFormat = layout.sampleFormat
        frame.sampleRate = layout.sampleRate
        frame.setDefaultChannelLayout(channels: layout.channels)
        frame.sampleCount = samples
        try frame.allocateBuffers()
        let bytes = samples * bytesPerSample
        for channel in 0..<layout.channels {
            planes[channel].withUnsafeBytes { source in
                frame.withUnsafeMutablePlane(channel) { target, _ in
                    target?.copyMemory(from: source.baseAddress! + consumed, byteCount: bytes)
                }
            }
        }
        consumed += bytes
        // Drop what was taken once it outweighs what is left, so memory stays bounded and copying the
        // remainder stays cheap.
        if consumed >= 64 * 1024, consumed * 2 >= planes[0].count {
            for channel in 0..<layout.channels { planes[channel].removeFirst(consumed) }
            consumed = 0
        }
    }
}
