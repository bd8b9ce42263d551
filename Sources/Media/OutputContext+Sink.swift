import CFFmpeg

extension OutputContext {
    /// An output whose bytes go to `sink` through a custom write-only AVIOContext with a
    /// `bufferSize`-byte buffer, for the muxer named `format` (required: there is no file name to guess
    /// it from). `name` stands for the output in errors.
    ///
    /// The output is not seekable (see `MediaSink`): use it with muxers that write in one pass (raw
    /// streams such as `mjpeg`, MPEG-TS, fragmented MP4). An MP4 with its index first needs a real
    /// file: use `init(path:format:)`.
    public init(sink: some MediaSink, name: String, format: String, bufferSize: Int = 256 * 1024) throws(MediaError) {
        MediaLog.ensureRouted()
        let bridge = try OutputBridge(sink: sink, name: name, bufferSize: bufferSize)
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        try MediaError.check(avformat_alloc_output_context2(&context, nil, format, nil), "avformat_alloc_output_context2", path: name)
        guard let context else { throw MediaError(.muxerNotFound, call: "avformat_alloc_output_context2", path: name) }
        if (context.pointee.oformat.pointee.flags & AVFMT_NOFILE) != 0 {
            avformat_free_context(context)
            throw MediaError(.invalidArgument, call: "avformat_alloc_output_context2", path: name,
                             message: "the \(format) muxer opens its own files and cannot write to a sink")
        }
        context.pointee.pb = bridge.context
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        self.pointer = context
        self.path = name
        self.sinkBridge = bridge
    }

    /// Ends the byte stream after the trailer: closes the file FFmpeg opened, or hands the last
    /// buffered bytes to the sink (whose owner then finishes it).
    func closeIO() throws(MediaError) {
        if let sinkBridge {
            try sinkBridge.flush(call: "avio_flush")
            // The format context must not reach the bridge's AVIOContext once the bridge frees it.
            pointer.pointee.pb = nil
            sinkBridge.free()
        } else {
            try MediaError.check(avio_closep(&pointer.pointee.pb), "avio_closep", path: path)
        }
    }

    /// `error` with the sink's own failure as its reason when the sink caused it (a full disk under a
    /// hashing sink shows as ENOSPC from write, not as FFmpeg's generic I/O error).
    public func explain(_ error: MediaError) -> MediaError {
        sinkBridge?.explain(error) ?? error
    }
}
