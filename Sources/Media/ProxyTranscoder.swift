/// A review proxy of a recording, made in-process: decode, scale, encode H.264 (libx264) and AAC, mux
/// a faststart MP4.
///
/// Choices, and why:
/// - Rotation: the source's display matrix is carried over (as a fresh pure rotation), the pixels are
///   not turned. Turning 1080p pictures costs a pass over every frame; every browser and player that
///   shows the original upright shows the proxy upright too, and the proxy keeps the original's
///   orientation facts.
/// - Timestamps pass through: each decoded picture keeps its own time (shifted so the file starts at
///   0), so a variable-frame-rate recording stays variable and no frame is invented or dropped to
///   make a constant rate (ffmpeg would, for MP4 output). Only a recording faster than the settings'
///   `maxFrameRate` (30: a 60 fps recording) loses pictures, to that rate. Pictures whose time does not
///   increase are dropped, since an encoder must not see time go backwards.
/// - Audio starts at its first sample's time (recorders often keep seconds of pre-event video without
///   sound), then runs on continuously; it is resampled to planar float for the AAC encoder, keeping
///   the rate when AAC allows it and folding more than two channels to stereo.
/// - Damaged pictures the decoder refuses are counted and skipped, as ffmpeg does: a proxy of a
///   recording with a bad patch is still a proxy.
/// - Threads: the video decoder uses FFmpeg's frame threads and libx264 its own (one per core each);
///   on top of that, demuxing, decoding and the shrink to the proxy's size run on a thread of their own
///   (`ProxyDecodeStage`), handing the small pictures over by reference, so decoding goes on while this
///   thread encodes and muxes. `ProxySettings` says which speed choices are made and why.
/// - The output is written by FFmpeg to a temporary file (faststart needs a real file) and hashed once
///   before it is published (see `DerivedOutput`).
public enum ProxyTranscoder {
    /// Makes a proxy of `source` at `destination`, which must not exist. `progress` is called on the
    /// calling thread with the fraction done (0 … 1, by the time of the last decoded picture).
    @discardableResult
    public static func transcode(
        source: String, to destination: String, settings: ProxySettings = ProxySettings(),
        options: DerivedFileOptions = DerivedFileOptions(), progress: ((Double) -> Void)? = nil
    ) throws(MediaError) -> DerivedFile {
        let output = try DerivedOutput(destination: destination, options: options)
        let job = try ProxyJob(source: source, temporaryPath: output.temporaryPath, settings: settings, progress: progress)
        try job.run()
        let (digests, size) = try output.publishAfterHashing()
        return DerivedFile(
            path: destination, digests: digests, size: size, kind: .proxy, sourcePath: source,
            sourceSHA256: options.sourceSHA256, recipe: settings.recipe(
                geometry: job.geometry, audio: job.audioHandling, scaling: job.scalingUsed, frameRateCap: job.frameRateCap,
                note: job.audioLeftOut))
    }
}
