import CFFmpeg

extension OutputContext {
    /// Whether this muxer can carry the codec of `stream` of `input` (avformat_query_codec): a stream
    /// copy keeps the streams it can and leaves out the rest (e.g. a camera's proprietary data track
    /// in an MP4) rather than failing at `writeHeader`.
    public func canCarry(stream: Int, of input: borrowing InputContext) -> Bool {
        let codec = input.parameters(of: stream).pointee.codec_id
        return avformat_query_codec(pointer.pointee.oformat, codec, FF_COMPLIANCE_NORMAL) == 1
    }

    /// Gives output stream `stream` the disposition flags (default, forced …) of `source` of `input`,
    /// as ffmpeg does for a stream copy.
    public mutating func copyDisposition(to stream: Int, from source: Int, of input: borrowing InputContext) {
        precondition(stream >= 0 && stream < streamCount, "stream \(stream) of \(streamCount)")
        pointer.pointee.streams[stream]!.pointee.disposition = input.pointer.pointee.streams[source]!.pointee.disposition
    }

    /// Copies the container's tags of `input` (creation_time, make, model, location …); before
    /// `writeHeader`.
    public mutating func copyTags(of input: borrowing InputContext) throws(MediaError) {
        try MediaError.check(av_dict_copy(&pointer.pointee.metadata, input.pointer.pointee.metadata, 0), "av_dict_copy", path: path)
    }

    /// Gives output stream `stream` a display matrix that rotates by `degrees` counterclockwise (the
    /// convention of av_display_rotation_get and `StreamInfo.displayMatrixRotation`), so players show
    /// the picture as the source's matrix asked; before `writeHeader`.
    public mutating func setDisplayRotation(of stream: Int, degrees: Double) throws(MediaError) {
        precondition(stream >= 0 && stream < streamCount, "stream \(stream) of \(streamCount)")
        let size = 9 * MemoryLayout<Int32>.size
        guard let data = av_stream_new_side_data(pointer.pointee.streams[stream]!, AV_PKT_DATA_DISPLAYMATRIX, size) else {
            throw MediaError(.outOfMemory, call: "av_stream_new_side_data", path: path)
        }
        // av_display_rotation_set takes a clockwise angle while av_display_rotation_get reports a
        // counterclockwise one: the sign flips so that reading the output back gives `degrees`. A fresh
        // matrix, not a copy of the source's: an MP4 matrix may carry a translation by the source's
        // size, which would be wrong for a scaled picture.
        data.withMemoryRebound(to: Int32.self, capacity: 9) { av_display_rotation_set($0, -degrees) }
    }
}
