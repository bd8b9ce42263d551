/// Fits each decoded picture to a proxy's size, on the decode stage's thread right after decoding: the
/// big picture is read while it is fresh, and only the small one crosses to the encoding thread.
///
/// A whole-number shrink the settings leave to averaging goes through `BoxShrinker`; anything else
/// (a size that does not divide, bicubic asked for, another pixel layout) through swscale. A stream
/// that changes size or layout mid-way gets a new converter for what comes then.
///
/// Ownership: made on the job's thread, then used only by the decode stage's thread.
final class ProxyPictureScaler {
    private let target: Scaler.Geometry
    private let settings: ProxySettings
    private var scaler: Scaler?
    private var shrinker: BoxShrinker?

    init(width: Int, height: Int, settings: ProxySettings) {
        target = Scaler.Geometry(width: width, height: height, pixelFormat: .yuv420p)
        self.settings = settings
    }

    /// Scales `decoded` into `scaled`, which gets the decoder's best-effort time as its `pts` and the
    /// packet's duration.
    func scale(_ decoded: borrowing Frame, into scaled: inout Frame) throws(MediaError) {
        let source = Scaler.Geometry(width: decoded.width, height: decoded.height, pixelFormat: decoded.pixelFormat)
        if scaler?.source != source && shrinker?.source != source {
            let quality = settings.scaling(from: (source.width, source.height), to: (target.width, target.height))
            shrinker = quality == .area ? BoxShrinker(from: source, to: target) : nil
            scaler = shrinker == nil
                ? try Scaler(from: source, to: target, quality: quality, threads: max(settings.scalerThreads, 1))
                : nil
        }
        if let shrinker {
            try shrinker.scale(decoded, into: &scaled)
        } else {
            try scaler?.scale(decoded, into: &scaled)
        }
        scaled.pts = decoded.bestEffortTimestamp
        scaled.packetDuration = decoded.packetDuration
    }
}
