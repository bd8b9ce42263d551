import CFFmpeg

extension Scaler {
    /// A scaler that splits each picture into slices converted by `threads` threads (0: one per
    /// CPU), set up through sws_alloc_context and options because sws_getContext has no thread
    /// count. A proxy's scaling of large pictures then runs beside decoding instead of in series with
    /// it. `fullRange` makes full-range (JPEG) output from a non-J pixel format, as a JPEG encoder
    /// wants, without the deprecated `yuvj` formats.
    public init(
        from source: Geometry, to target: Geometry, quality: Quality = .bicubic, threads: Int, fullRange: Bool = false
    ) throws(MediaError) {
        MediaLog.ensureRouted()
        guard let context = sws_alloc_context() else { throw MediaError(.outOfMemory, call: "sws_alloc_context") }
        let settings: [(String, Int64)] = [
            ("srcw", Int64(source.width)), ("srch", Int64(source.height)), ("src_format", Int64(source.pixelFormat.rawValue)),
            ("dstw", Int64(target.width)), ("dsth", Int64(target.height)), ("dst_format", Int64(target.pixelFormat.rawValue)),
            ("sws_flags", Int64(quality.flags)), ("threads", Int64(threads)),
        ] + (fullRange ? [("dst_range", 1)] : [])
        for (name, value) in settings {
            let result = av_opt_set_int(UnsafeMutableRawPointer(context), name, value, 0)
            if result < 0 {
                sws_freeContext(context)
                throw MediaError(.init(rawValue: result), call: "av_opt_set_int(\(name))")
            }
        }
        let result = sws_init_context(context, nil, nil)
        if result < 0 {
            sws_freeContext(context)
            throw MediaError(.init(rawValue: result), call: "sws_init_context",
                             message: "cannot convert \(source.width)x\(source.height) \(source.pixelFormat) to \(target.width)x\(target.height) \(target.pixelFormat)")
        }
        self.pointer = context
        self.source = source
        self.target = target
    }
}
