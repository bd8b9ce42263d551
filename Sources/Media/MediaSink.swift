/// Where a muxer's bytes go when FFmpeg does not open a file itself: a stream written front to back.
///
/// There is no seek. Muxers learn the output is not seekable and either write in one pass or refuse
/// to start ("muxer does not support non seekable output"), so a sink that hashes what it is given
/// hashes exactly the bytes of the finished file; a muxer that patches earlier bytes (MP4's `mdat`
/// size, faststart's second pass) cannot silently make the digest wrong.
public protocol MediaSink: AnyObject {
    /// Takes all of `bytes`, in order after everything written before, or throws.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}
