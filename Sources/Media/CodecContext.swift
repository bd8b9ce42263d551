import CFFmpeg

/// A decoder or encoder (AVCodecContext).
///
/// A final class rather than a noncopyable struct: decoders and encoders are held per stream in
/// tables (every stream of a file decoded in one pass, a transcoder's encoders), and Swift's
/// collections cannot hold noncopyable values yet. Each instance still owns its context alone and
/// frees it in deinit. Not thread-safe: use one from one thread at a time.
public final class CodecContext {
    let pointer: UnsafeMutablePointer<AVCodecContext>
    /// What errors name: the file and stream for a decoder, the codec for an encoder.
    public let label: String

    /// Outcome of feeding a packet or frame.
    public enum SendResult: Sendable, Hashable {
        case accepted
        /// The codec's queue is full: take output with `receive` first, then send the same input again.
        case full
    }

    /// Outcome of asking for output.
    public enum ReceiveResult: Sendable, Hashable {
        case produced
        /// Nothing yet: send more input.
        case needsInput
        /// Fully drained after `sendEnd()`.
        case ended
    }

    /// A decoder for `stream` of `input`, configured from the stream's codec parameters, with
    /// timestamps in the stream's time base. `threads` 0 lets FFmpeg choose.
    /// With `skipLoopFilter` the decoder leaves out in-loop filtering (deblocking, and SAO in HEVC): faster
    /// pictures that drift slightly from the encoder's, for review copies only.
    public init(decoderFor stream: Int, of input: borrowing InputContext, threads: Int = 0, skipLoopFilter: Bool = false) throws(MediaError) {
        MediaLog.ensureRouted()
        label = "\(input.path) stream \(stream)"
        let parameters = input.parameters(of: stream)
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw MediaError(.decoderNotFound, call: "avcodec_find_decoder", path: label,
                             message: "no decoder for \(String(cString: avcodec_get_name(parameters.pointee.codec_id)))")
        }
        pointer = try MediaError.allocated(avcodec_alloc_context3(codec), "avcodec_alloc_context3", path: label)
        do {
            try MediaError.check(avcodec_parameters_to_context(pointer, parameters), "avcodec_parameters_to_context", path: label)
            pointer.pointee.pkt_timebase = input.stream(stream).timeBase.av
            pointer.pointee.thread_count = Int32(threads)
            if skipLoopFilter { pointer.pointee.skip_loop_filter = AVDISCARD_ALL }
            try MediaError.check(avcodec_open2(pointer, codec, nil), "avcodec_open2", path: label)
        } catch {
            var context: UnsafeMutablePointer<AVCodecContext>? = pointer
            avcodec_free_context(&context)
            throw error
        }
    }

    /// An encoder by FFmpeg name (`libx264`, `aac`, `mjpeg`), not yet open: set its properties, then
    /// call `open(options:)`.
    public init(encoder name: String) throws(MediaError) {
        MediaLog.ensureRouted()
        label = name
        guard let codec = avcodec_find_encoder_by_name(name) else {
            throw MediaError(.encoderNotFound, call: "avcodec_find_encoder_by_name", path: name, message: "no encoder named \(name)")
        }
        pointer = try MediaError.allocated(avcodec_alloc_context3(codec), "avcodec_alloc_context3", path: name)
    }

    /// Opens an encoder after its properties are set; `options` are the codec's private options
    /// (`preset`, `crf`), all of which must be understood.
    public func open(options: [String: String] = [:]) throws(MediaError) {
        var dictionary = try OptionsDictionary(options)
        try MediaError.check(avcodec_open2(pointer, pointer.pointee.codec, &dictionary.pointer), "avcodec_open2", path: label)
        try dictionary.requireAllUsed("avcodec_open2", path: label)
    }

    public var isEncoder: Bool { av_codec_is_encoder(pointer.pointee.codec) != 0 }

    /// The codec's name (`h264`, `libx264`).
    public var codecName: String { String(cString: pointer.pointee.codec.pointee.name) }

    public var width: Int {
        get { Int(pointer.pointee.width) }
        set { pointer.pointee.width = Int32(newValue) }
    }

    public var height: Int {
        get { Int(pointer.pointee.height) }
        set { pointer.pointee.height = Int32(newValue) }
    }

    public var pixelFormat: PixelFormat {
        get { PixelFormat(pointer.pointee.pix_fmt) }
        set { pointer.pointee.pix_fmt = newValue.av }
    }

    public var sampleRate: Int {
        get { Int(pointer.pointee.sample_rate) }
        set { pointer.pointee.sample_rate = Int32(newValue) }
    }

    public var sampleFormat: SampleFormat {
        get { SampleFormat(pointer.pointee.sample_fmt) }
        set { pointer.pointee.sample_fmt = newValue.av }
    }

    public var channels: Int { Int(pointer.pointee.ch_layout.nb_channels) }

    /// Sets FFmpeg's default channel layout for `count` channels.
    public func setDefaultChannelLayout(channels count: Int) {
        av_channel_layout_uninit(&pointer.pointee.ch_layout)
        av_channel_layout_default(&pointer.pointee.ch_layout, Int32(count))
    }

    /// Samples per audio frame the encoder wants (0 when any size will do).
    public var frameSize: Int { Int(pointer.pointee.frame_size) }

    /// The time base of the frames an encoder takes and the packets it makes.
    public var timeBase: Rational {
        get { Rational(pointer.pointee.time_base) }
        set { pointer.pointee.time_base = newValue.av }
    }

    public var frameRate: Rational {
        get { Rational(pointer.pointee.framerate) }
        set { pointer.pointee.framerate = newValue.av }
    }

    /// Whether a decoder leaves out pictures no other picture refers to (AVDISCARD_NONREF): they are not
    /// returned at all. Read by frame threads at each packet, so it can change mid-stream.
    public var skipsNonReferenceFrames: Bool {
        get { pointer.pointee.skip_frame.rawValue >= AVDISCARD_NONREF.rawValue }
        set { pointer.pointee.skip_frame = newValue ? AVDISCARD_NONREF : AVDISCARD_DEFAULT }
    }

    public var bitRate: Int64 {
        get { pointer.pointee.bit_rate }
        set { pointer.pointee.bit_rate = newValue }
    }

    /// Asks an encoder to put its configuration in extradata rather than in every key frame, as MP4
    /// and MOV need (AV_CODEC_FLAG_GLOBAL_HEADER). Set before `open`.
    public func requestGlobalHeader() {
        pointer.pointee.flags |= Int32(bitPattern: UInt32(AV_CODEC_FLAG_GLOBAL_HEADER))
    }

    // MARK: decoding

    /// Feeds `packet` to the decoder.
    public func send(_ packet: borrowing Packet) throws(MediaError) -> SendResult {
        try result(avcodec_send_packet(pointer, packet.pointer), "avcodec_send_packet")
    }

    /// Takes the next decoded frame into `frame`.
    public func receive(into frame: inout Frame) throws(MediaError) -> ReceiveResult {
        try output(avcodec_receive_frame(pointer, frame.pointer), "avcodec_receive_frame")
    }

    // MARK: encoding

    /// Feeds `frame` to the encoder.
    public func send(_ frame: borrowing Frame) throws(MediaError) -> SendResult {
        try result(avcodec_send_frame(pointer, frame.pointer), "avcodec_send_frame")
    }

    /// Takes the next encoded packet into `packet`.
    public func receive(into packet: inout Packet) throws(MediaError) -> ReceiveResult {
        try output(avcodec_receive_packet(pointer, packet.pointer), "avcodec_receive_packet")
    }

    // MARK: both

    /// Signals the end of input: `receive` then drains what the codec holds, and ends with `.ended`.
    public func sendEnd() throws(MediaError) {
        let result = isEncoder ? avcodec_send_frame(pointer, nil) : avcodec_send_packet(pointer, nil)
        // Sending the end twice is harmless.
        if result == recgate_averror_eof() { return }
        try MediaError.check(result, isEncoder ? "avcodec_send_frame" : "avcodec_send_packet", path: label)
    }

    /// Forgets buffered input and output (after a seek).
    public func flush() { avcodec_flush_buffers(pointer) }

    /// Copies the encoder's settings into `parameters` (for the muxer's stream).
    func copyParameters(to parameters: UnsafeMutablePointer<AVCodecParameters>) throws(MediaError) {
        try MediaError.check(avcodec_parameters_from_context(parameters, pointer), "avcodec_parameters_from_context", path: label)
    }

    /// The AVCodecContext, for what the typed layer does not cover yet.
    public func withUnsafeContext<R, E: Error>(_ body: (UnsafeMutablePointer<AVCodecContext>) throws(E) -> R) throws(E) -> R {
        try body(pointer)
    }

    private func result(_ code: Int32, _ call: String) throws(MediaError) -> SendResult {
        if code == MediaError.Code.tryAgain.rawValue { return .full }
        try MediaError.check(code, call, path: label)
        return .accepted
    }

    private func output(_ code: Int32, _ call: String) throws(MediaError) -> ReceiveResult {
        if code == MediaError.Code.tryAgain.rawValue { return .needsInput }
        if code == recgate_averror_eof() { return .ended }
        try MediaError.check(code, call, path: label)
        return .produced
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = pointer
        avcodec_free_context(&context)
    }
}
