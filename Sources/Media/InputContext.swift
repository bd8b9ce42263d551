import CFFmpeg

/// An open input (AVFormatContext from avformat_open_input): a file by path or a `MediaSource` through
/// a custom AVIOContext. Unique owner: closing happens once, in deinit.
///
/// Reading moves the demuxer, so `read`, `seek` and `findStreamInfo` are `mutating`: Swift's
/// exclusivity then guarantees no two of them overlap.
public struct InputContext: ~Copyable {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    private let bridge: IOBridge?
    /// The path, or the name given for a source; errors name it.
    public let path: String

    /// Opens `path`. `format` forces a demuxer by name (`mov`, `avi`) instead of probing; `options`
    /// are demuxer options (all must be understood).
    public init(path: String, format: String? = nil, options: [String: String] = [:]) throws(MediaError) {
        MediaLog.ensureRouted()
        try RegularFile.refuseSpecial(path)
        let context = try Self.open(path: path, url: path, format: format, options: options, bridge: nil)
        self.path = path
        bridge = nil
        pointer = context
    }

    /// Opens bytes from `source` through a custom AVIOContext with a `bufferSize`-byte buffer. `name`
    /// stands for the source in errors and logs (FFmpeg also uses it as the URL, for extension hints).
    public init(
        source: some MediaSource, name: String, format: String? = nil, options: [String: String] = [:],
        bufferSize: Int = 64 * 1024
    ) throws(MediaError) {
        MediaLog.ensureRouted()
        let bridge = try IOBridge(source: source, name: name, bufferSize: bufferSize)
        let context = try Self.open(path: name, url: name, format: format, options: options, bridge: bridge)
        self.path = name
        self.bridge = bridge
        pointer = context
    }

    private static func open(
        path: String, url: String, format: String?, options: [String: String], bridge: IOBridge?
    ) throws(MediaError) -> UnsafeMutablePointer<AVFormatContext> {
        var inputFormat: UnsafePointer<AVInputFormat>? = nil
        if let format {
            guard let found = av_find_input_format(format) else {
                throw MediaError(.demuxerNotFound, call: "av_find_input_format", path: path, message: "no demuxer named \(format)")
            }
            inputFormat = found
        }
        var dictionary = try OptionsDictionary(options)
        var context: UnsafeMutablePointer<AVFormatContext>? = try MediaError.allocated(
            avformat_alloc_context(), "avformat_alloc_context", path: path)
        if let bridge {
            context!.pointee.pb = bridge.context
            context!.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        }
        // On failure avformat_open_input frees the context and sets it to NULL.
        let result = avformat_open_input(&context, url, inputFormat, &dictionary.pointer)
        guard result >= 0, let context else {
            let error = MediaError(MediaError.Code(rawValue: result), call: "avformat_open_input", path: path)
            throw bridge?.explain(error) ?? error
        }
        do {
            try dictionary.requireAllUsed("avformat_open_input", path: path)
        } catch {
            var closing: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&closing)
            throw error
        }
        return context
    }

    /// Reads the start of the streams to fill in what the headers leave out (avformat_find_stream_info;
    /// it may decode a few frames). Call once, before `streams`, for ffprobe's view of the file.
    public mutating func findStreamInfo() throws(MediaError) {
        let result = avformat_find_stream_info(pointer, nil)
        if result < 0 { throw explain(MediaError(.init(rawValue: result), call: "avformat_find_stream_info", path: path)) }
    }

    /// The demuxer's name, e.g. `mov,mp4,m4a,3gp,3g2,mj2` (ffprobe's `format_name`).
    public var formatName: String { String(cString: pointer.pointee.iformat.pointee.name) }

    /// The demuxer's long name, e.g. `QuickTime / MOV`.
    public var formatLongName: String? { pointer.pointee.iformat.pointee.long_name.map { String(cString: $0) } }

    /// The whole file's duration in seconds, when known.
    public var duration: Double? { Rational.microseconds.seconds(pointer.pointee.duration) }

    /// The first timestamp of the file in seconds, when known.
    public var startTime: Double? { Rational.microseconds.seconds(pointer.pointee.start_time) }

    /// The overall bit rate in bits per second, when known.
    public var bitRate: Int64? { pointer.pointee.bit_rate > 0 ? pointer.pointee.bit_rate : nil }

    /// The container's tags (`creation_time`, `encoder`, `location` …).
    public var tags: [String: String] { MediaDictionary.entries(pointer.pointee.metadata) }

    public var streamCount: Int { Int(pointer.pointee.nb_streams) }

    /// The stream at `index` (0 ..< streamCount).
    public func stream(_ index: Int) -> StreamInfo {
        precondition(index >= 0 && index < streamCount, "stream \(index) of \(streamCount)")
        return StreamInfo(pointer.pointee.streams[index]!)
    }

    public var streams: [StreamInfo] { (0..<streamCount).map { stream($0) } }

    /// The stream FFmpeg would pick for `type` (av_find_best_stream), or nil when there is none.
    public func bestStream(_ type: MediaType) -> Int? {
        let index = av_find_best_stream(pointer, type.av, -1, -1, nil, 0)
        return index >= 0 ? Int(index) : nil
    }

    /// Reads the next packet into `packet` (replacing what it held). Returns false at the end of the
    /// input; throws for anything else, such as a sample that lies past the end of a cut file.
    public mutating func read(into packet: inout Packet) throws(MediaError) -> Bool {
        packet.unreference()
        let result = av_read_frame(pointer, packet.pointer)
        if result == recgate_averror_eof() { return false }
        if result < 0 { throw explain(MediaError(.init(rawValue: result), call: "av_read_frame", path: path)) }
        return true
    }

    /// Seeks so that the next packets of `stream` (or of the default stream) start at the key frame
    /// at or before `seconds` (av_seek_frame with AVSEEK_FLAG_BACKWARD).
    public mutating func seek(to seconds: Double, stream: Int? = nil) throws(MediaError) {
        let base = stream.map { self.stream($0).timeBase } ?? Rational.microseconds
        guard let target = base.ticks(seconds) else {
            throw MediaError(.invalidArgument, call: "av_seek_frame", path: path, message: "cannot seek to \(seconds) s")
        }
        let result = av_seek_frame(pointer, Int32(stream ?? -1), target, AVSEEK_FLAG_BACKWARD)
        if result < 0 { throw explain(MediaError(.init(rawValue: result), call: "av_seek_frame", path: path)) }
    }

    /// The AVFormatContext, for what the typed layer does not cover yet. It stays owned by `self`.
    public func withUnsafeContext<R, E: Error>(
        _ body: (UnsafeMutablePointer<AVFormatContext>) throws(E) -> R
    ) throws(E) -> R {
        try body(pointer)
    }

    /// The codec parameters of `stream`, for decoders and stream copies made from this input.
    func parameters(of stream: Int) -> UnsafeMutablePointer<AVCodecParameters> {
        precondition(stream >= 0 && stream < streamCount, "stream \(stream) of \(streamCount)")
        return pointer.pointee.streams[stream]!.pointee.codecpar
    }

    private func explain(_ error: MediaError) -> MediaError {
        bridge?.explain(error) ?? error
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = pointer
        avformat_close_input(&context)
        // A custom AVIOContext is ours to free, and only after the format context is gone.
        bridge?.free()
    }
}

extension InputContext {
    /// Tells the demuxer to skip every stream but `kept`: their packets are not returned, and a demuxer
    /// that can (MP4, MOV) does not read their bytes at all.
    public mutating func discardStreams(except kept: Set<Int>) {
        withUnsafeContext { context in
            for index in 0..<Int(context.pointee.nb_streams) where !kept.contains(index) {
                context.pointee.streams[index]!.pointee.discard = AVDISCARD_ALL
            }
        }
    }
}
