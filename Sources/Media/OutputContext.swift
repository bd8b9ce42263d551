import CFFmpeg

/// An output file being written (AVFormatContext from avformat_alloc_output_context2, with its
/// AVIOContext opened on `path`). Unique owner.
///
/// The order FFmpeg needs: add streams, `writeHeader`, `write` packets, `finish`. An output dropped
/// without `finish` is closed without its trailer: the file is left incomplete, never silently
/// "finished".
public struct OutputContext: ~Copyable {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    public let path: String
    private var headerWritten = false
    private var finished = false
    /// The custom AVIOContext when writing to a `MediaSink` (OutputContext+Sink.swift); nil for a file.
    var sinkBridge: OutputBridge? = nil

    /// Creates `path` for the muxer named `format` (`mp4`, `mov`, `matroska`), or the one its extension
    /// suggests. Writes to a real file: faststart's second pass reopens it by name.
    public init(path: String, format: String? = nil) throws(MediaError) {
        MediaLog.ensureRouted()
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        try MediaError.check(avformat_alloc_output_context2(&context, nil, format, path), "avformat_alloc_output_context2", path: path)
        guard let context else { throw MediaError(.muxerNotFound, call: "avformat_alloc_output_context2", path: path) }
        if (context.pointee.oformat.pointee.flags & AVFMT_NOFILE) == 0 {
            let result = avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE)
            if result < 0 {
                avformat_free_context(context)
                throw MediaError(.init(rawValue: result), call: "avio_open", path: path)
            }
        }
        self.path = path
        pointer = context
    }

    /// The muxer's name.
    public var formatName: String { String(cString: pointer.pointee.oformat.pointee.name) }

    public var streamCount: Int { Int(pointer.pointee.nb_streams) }

    /// Sets a container tag (`creation_time`, `comment`); before `writeHeader`.
    public mutating func setTag(_ key: String, _ value: String?) throws(MediaError) {
        try MediaError.check(av_dict_set(&pointer.pointee.metadata, key, value, 0), "av_dict_set(\(key))", path: path)
    }

    /// A new stream with the codec parameters, time base and tags of `stream` of `input`, for copying
    /// its packets unchanged. Returns the new stream's index.
    public mutating func addStream(copying stream: Int, of input: borrowing InputContext) throws(MediaError) -> Int {
        let created = try newStream()
        try MediaError.check(avcodec_parameters_copy(created.pointee.codecpar, input.parameters(of: stream)), "avcodec_parameters_copy", path: path)
        // The source's tag may not be valid in this container (e.g. an AVI fourcc in MP4): let the muxer choose.
        created.pointee.codecpar.pointee.codec_tag = 0
        let source = input.pointer.pointee.streams[stream]!
        created.pointee.time_base = source.pointee.time_base
        av_dict_copy(&created.pointee.metadata, source.pointee.metadata, 0)
        // The display matrix (rotation) travels as side data.
        if let matrix = recgate_stream_display_matrix(source) {
            let size = 9 * MemoryLayout<Int32>.size
            if let copy = av_stream_new_side_data(created, AV_PKT_DATA_DISPLAYMATRIX, size) {
                copy.update(from: UnsafeRawPointer(matrix).assumingMemoryBound(to: UInt8.self), count: size)
            }
        }
        return Int(created.pointee.index)
    }

    /// A new stream for the packets of an opened `encoder`. Returns the new stream's index.
    public mutating func addStream(encoder: CodecContext) throws(MediaError) -> Int {
        let created = try newStream()
        try encoder.copyParameters(to: created.pointee.codecpar)
        created.pointee.time_base = encoder.timeBase.av
        return Int(created.pointee.index)
    }

    /// Whether the muxer wants codec configuration in extradata (then encoders must `requestGlobalHeader()`).
    public var needsGlobalHeader: Bool { (pointer.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER) != 0 }

    /// Writes the header; `options` are muxer options (`movflags: +faststart`), all of which must be
    /// understood. Stream time bases may change here: read them with `timeBase(of:)` afterwards.
    public mutating func writeHeader(options: [String: String] = [:]) throws(MediaError) {
        var dictionary = try OptionsDictionary(options)
        try MediaError.check(avformat_write_header(pointer, &dictionary.pointer), "avformat_write_header", path: path)
        headerWritten = true
        try dictionary.requireAllUsed("avformat_write_header", path: path)
    }

    /// The time base the muxer chose for `stream`.
    public func timeBase(of stream: Int) -> Rational {
        precondition(stream >= 0 && stream < streamCount, "stream \(stream) of \(streamCount)")
        return Rational(pointer.pointee.streams[stream]!.pointee.time_base)
    }

    /// Writes `packet` (stream index and times in that stream's `timeBase(of:)` set by the caller),
    /// interleaving by time. The packet is left empty.
    public mutating func write(_ packet: inout Packet) throws(MediaError) {
        precondition(headerWritten, "writeHeader before write")
        try MediaError.check(av_interleaved_write_frame(pointer, packet.pointer), "av_interleaved_write_frame", path: path)
    }

    /// Writes the trailer (the MP4 index) and closes the file.
    public consuming func finish() throws(MediaError) {
        precondition(headerWritten, "writeHeader before finish")
        try MediaError.check(av_write_trailer(pointer), "av_write_trailer", path: path)
        try closeIO()
    }

    private mutating func newStream() throws(MediaError) -> UnsafeMutablePointer<AVStream> {
        precondition(!headerWritten, "streams are added before writeHeader")
        return try MediaError.allocated(avformat_new_stream(pointer, nil), "avformat_new_stream", path: path)
    }

    deinit {
        if sinkBridge == nil, (pointer.pointee.oformat.pointee.flags & AVFMT_NOFILE) == 0, pointer.pointee.pb != nil {
            avio_closep(&pointer.pointee.pb)
        }
        avformat_free_context(pointer)
        // A sink's AVIOContext is ours to free, and only after the format context is gone.
        sinkBridge?.free()
    }
}
