/// The reading side of a proxy: demux, decode the video (with frame threads) and the audio, fit each
/// picture to the proxy's size (`ProxyPictureScaler`), and hand every frame to the encoding side through
/// a `FrameChannel`, tagged with its stream.
///
/// It runs on its own thread so that decoding never waits while the other side scales a picture or
/// the encoder takes one: in a single loop (as the ffmpeg tool runs) the decoder's worker threads
/// idle whenever the loop is busy elsewhere.
///
/// Ownership: built on the calling thread, then used only by the worker thread from `run()` until
/// the job joins that thread; the job reads `decodeErrors` after the join.
final class ProxyDecodeStage {
    private var input: InputContext
    let videoStream: Int
    let audioStream: Int?
    private let videoDecoder: CodecContext
    private let audioDecoder: CodecContext?
    private let channel: FrameChannel
    private var packet: Packet
    private var frame: Frame
    private var scaled: Frame
    private let pictureScaler: ProxyPictureScaler
    /// At most one picture an `interval` (in stream ticks; `tolerance` is half a source picture): the
    /// pictures between are dropped here, before they are scaled.
    private let frameRateCap: (interval: Int64, tolerance: Int64)?
    /// Whether the decoder still skips non-reference pictures: until the first gap between kept pictures
    /// longer than an interval (and the tolerance), which the proxy's frame rate would show.
    private var skippingNonReference: Bool
    /// The first picture's time, and the interval and time of the last picture kept.
    private var rateOrigin: Int64?
    private var lastKept: (slot: Int64, time: Int64)?
    /// Packets the decoders refused and frames they returned damaged or failed to return.
    private(set) var decodeErrors = 0

    init(
        input: consuming InputContext, videoStream: Int, videoDecoder: CodecContext, audioStream: Int?,
        audioDecoder: CodecContext?, pictureScaler: ProxyPictureScaler,
        frameRateCap: (interval: Int64, tolerance: Int64)? = nil, skipNonReference: Bool = false, channel: FrameChannel
    ) throws(MediaError) {
        self.pictureScaler = pictureScaler
        self.frameRateCap = frameRateCap
        skippingNonReference = skipNonReference
        self.input = input
        self.videoStream = videoStream
        self.videoDecoder = videoDecoder
        self.audioStream = audioStream
        self.audioDecoder = audioDecoder
        self.channel = channel
        packet = try Packet()
        frame = try Frame()
        scaled = try Frame()
    }

    /// Reads and decodes everything, then closes the channel, with the error that stopped it if one
    /// did. Returns early, quietly, when the receiver cancels.
    func run() {
        do {
            guard try readAll() else { return }
            channel.close(error: nil)
        } catch {
            channel.close(error: error)
        }
    }

    /// False when the receiver cancelled.
    private func readAll() throws(MediaError) -> Bool {
        while try input.read(into: &packet) {
            let index = packet.streamIndex
            if index == videoStream {
                guard try decode(with: videoDecoder, tag: index) else { return false }
            } else if index == audioStream, let audioDecoder {
                guard try decode(with: audioDecoder, tag: index) else { return false }
            }
        }
        try videoDecoder.sendEnd()
        guard try receiveFrames(from: videoDecoder, tag: videoStream) else { return false }
        if let audioDecoder, let audioStream {
            try audioDecoder.sendEnd()
            guard try receiveFrames(from: audioDecoder, tag: audioStream) else { return false }
        }
        return true
    }

    /// Feeds the packet just read to `decoder` and passes on every frame that comes out. A packet the
    /// decoder refuses as invalid is counted and skipped, as ffmpeg does.
    private func decode(with decoder: CodecContext, tag: Int) throws(MediaError) -> Bool {
        while true {
            let sent: CodecContext.SendResult
            do {
                sent = try decoder.send(packet)
            } catch where error.code == .invalidData {
                decodeErrors += 1
                return true
            }
            guard try receiveFrames(from: decoder, tag: tag) else { return false }
            if sent == .accepted { return true }
        }
    }

    /// Whether the picture just decoded is kept under the frame-rate cap: the first picture in each
    /// interval of the proxy's (counted from the first picture, a picture up to half a source picture
    /// early counting for the next interval), so the kept pictures stay on the proxy's beat. A kept
    /// picture more than an interval after the last one turns off the skipping of non-reference
    /// pictures: the pictures left do not fill every interval (a stream whose non-reference pictures
    /// are not every other one).
    private func keepForRate() -> Bool {
        guard let cap = frameRateCap, let time = frame.bestEffortTimestamp else { return true }
        let origin = rateOrigin ?? time
        rateOrigin = origin
        let offset = time - origin + cap.tolerance
        let slot = offset >= 0 ? offset / cap.interval : (offset - cap.interval + 1) / cap.interval
        if let last = lastKept {
            guard slot > last.slot else { return false }
            if skippingNonReference && time - last.time > cap.interval + cap.tolerance {
                videoDecoder.skipsNonReferenceFrames = false
                skippingNonReference = false
            }
        }
        lastKept = (slot, time)
        return true
    }

    /// Passes on every frame the decoder has ready.
    private func receiveFrames(from decoder: CodecContext, tag: Int) throws(MediaError) -> Bool {
        while true {
            let result: CodecContext.ReceiveResult
            do {
                result = try decoder.receive(into: &frame)
            } catch where error.code == .invalidData {
                // A frame-threaded decoder reports a damaged picture here; the next one may be fine.
                decodeErrors += 1
                continue
            }
            guard result == .produced else { return true }
            if frame.isDamaged { decodeErrors += 1 }
            if tag == videoStream {
                guard keepForRate() else { continue }
                try pictureScaler.scale(frame, into: &scaled)
                guard channel.send(&scaled, tag: tag) else { return false }
            } else {
                guard channel.send(&frame, tag: tag) else { return false }
            }
        }
    }
}
