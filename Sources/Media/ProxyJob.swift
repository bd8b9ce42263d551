import CFFmpeg

/// One proxy being made: the decode stage (decoding and scaling) on its own thread, and on the calling
/// thread the resampler, encoders and muxer, with the frames and packets they pass along. Used once.
final class ProxyJob {
    /// Optional only so that `run` can take it out to finish it (finishing consumes it).
    private var muxer: OutputContext?
    /// The muxer's time base of each output stream, known after its header is written.
    private var outputTimeBases: [Rational] = []
    private let settings: ProxySettings
    private let progress: ((Double) -> Void)?
    let geometry: ProxyGeometry
    /// What the proxy does with the source's sound.
    var audioHandling: ProxyAudio { audioCopy != nil ? .copied : audio != nil ? .encoded : .none }
    /// The scaler the rule picks for the stream's size, for the recipe (`ProxyPictureScaler` applies it).
    private(set) var scalingUsed: Scaler.Quality
    /// Why the source's sound is not in the proxy, when it has sound FFmpeg cannot decode.
    private(set) var audioLeftOut: String?

    private let stage: ProxyDecodeStage
    private let channel: FrameChannel
    private var video: VideoLane
    private var audio: AudioLane?
    private var audioCopy: ProxyAudioCopy?

    private var decoded: Frame
    private var resampled: Frame
    private var encoded: Packet
    private var resampler: Resampler?

    /// Pictures and audio blocks the decoders refused or returned damaged (known after `run`);
    /// pictures dropped because their time did not increase.
    var decodeErrors: Int { stage.decodeErrors }
    private(set) var droppedPictures = 0
    /// The cap on pictures a second, when the source is faster than it.
    private let cap: FrameRateCap?
    /// The kept rate and the source's, for the recipe, when the cap applies.
    var frameRateCap: (kept: Double, source: Double)? { cap.map { ($0.kept, $0.source) } }
    private var lastFraction = -1.0

    /// Decoded frames waiting between the two threads: enough to ride out an encoder that stalls for
    /// a few pictures, few enough to keep memory small (pictures cross already scaled: 640x360 is 350 kB).
    static let channelCapacity = 12

    /// The video side: input stream, encoder, output stream, timing.
    private struct VideoLane {
        let inputStream: Int
        let encoder: CodecContext
        var outputStream = 0
        let timeBase: Rational
        /// The input's start in this stream's ticks: subtracted so the proxy starts at 0.
        let startOffset: Int64
        /// One frame's length in ticks from the average rate, for pictures without a time.
        let nominalDuration: Int64
        let totalSeconds: Double?
    }

    /// At most `kept` pictures a second from a `source`-rate stream: one picture each `interval`, with
    /// `tolerance` half a source picture, in stream ticks (the decode stage keeps them).
    private struct FrameRateCap {
        let interval: Int64
        let tolerance: Int64
        let kept: Double
        let source: Double
    }

    /// The audio side: input stream, encoder and the queue that cuts encoder-sized frames.
    private struct AudioLane {
        let inputStream: Int
        let encoder: CodecContext
        var outputStream = 0
        let timeBase: Rational
        let startOffset: Int64
        var queue: AudioSampleQueue
        /// The time of the next sample handed to the encoder, in samples; nil until the first arrives.
        var nextPts: Int64?
    }

    /// Times of pictures in flight inside the encoder mapped to their durations: libx264 does not set
    /// packet durations, and without one the MP4's last picture would last no time.
    private var pictureDurations: [Int64: Int64] = [:]
    private var lastPicturePts: Int64?

    init(source: String, temporaryPath: String, settings: ProxySettings, progress: ((Double) -> Void)?) throws(MediaError) {
        self.settings = settings
        self.progress = progress
        var input = try InputContext(path: source)
        try input.findStreamInfo()
        let streams = input.streams
        guard let videoIndex = input.bestStream(.video), !streams[videoIndex].isAttachedPicture else {
            throw MediaError(.streamNotFound, call: "av_find_best_stream", path: source, message: "no video stream to make a proxy of")
        }
        var audioIndex = input.bestStream(.audio)
        let startMicroseconds = input.withUnsafeContext { MediaTime.known($0.pointee.start_time) } ?? 0
        let videoInfo = streams[videoIndex]
        let sampleAspect = input.withUnsafeContext { Rational($0.pointee.streams[videoIndex]!.pointee.codecpar.pointee.sample_aspect_ratio) }
        guard let width = videoInfo.width, let height = videoInfo.height else {
            throw MediaError(.invalidData, call: "avformat_find_stream_info", path: source, message: "video stream \(videoIndex) has no picture size")
        }
        geometry = ProxyGeometry(
            width: width, height: height, sampleAspect: sampleAspect, rotation: videoInfo.displayMatrixRotation,
            boxWidth: settings.boxWidth, boxHeight: settings.boxHeight)

        muxer = try OutputContext(path: temporaryPath, format: "mp4")
        let globalHeader = muxer?.needsGlobalHeader ?? true

        // Video: decoder with frame threads, libx264 in the input's time base so times pass through.
        let videoDecoder = try CodecContext(
            decoderFor: videoIndex, of: input, threads: ProxySettings.threads(settings.decoderThreads),
            skipLoopFilter: settings.skipLoopFilter)
        scalingUsed = settings.scaling(from: (width, height), to: (geometry.codedWidth, geometry.codedHeight))
        let videoEncoder = try CodecContext(encoder: "libx264")
        videoEncoder.width = geometry.codedWidth
        videoEncoder.height = geometry.codedHeight
        videoEncoder.pixelFormat = .yuv420p
        videoEncoder.timeBase = videoInfo.timeBase
        let rate = videoInfo.averageFrameRate ?? videoInfo.realFrameRate
        let capped = Self.frameRateCap(settings.maxFrameRate, source: rate?.nonZeroValue, timeBase: videoInfo.timeBase)
        cap = capped
        // x264's rate control reads the frame rate; the time base alone (1/90000) would mislead it.
        if let capped {
            videoEncoder.frameRate = Rational(Int32((capped.kept * 1000).rounded()), 1000)
        } else if let rate {
            videoEncoder.frameRate = rate
        }
        // Where at least every other picture goes, pictures nothing refers to need not be decoded at all.
        let skipNonReference = capped.map { $0.source >= 1.9 * $0.kept } ?? false
        videoDecoder.skipsNonReferenceFrames = skipNonReference
        videoEncoder.withUnsafeContext { $0.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1) }
        if globalHeader { videoEncoder.requestGlobalHeader() }
        var x264Options = [
            "preset": settings.preset, "crf": String(settings.crf), "threads": String(ProxySettings.threads(settings.encoderThreads)),
        ]
        if !settings.encoderTuning.isEmpty { x264Options["x264-params"] = settings.encoderTuning }
        try videoEncoder.open(options: x264Options)
        let nominal = rate.flatMap { rate in rate.nonZeroValue.flatMap { videoInfo.timeBase.ticks(1 / $0) } } ?? 0
        video = VideoLane(
            inputStream: videoIndex, encoder: videoEncoder, timeBase: videoInfo.timeBase,
            startOffset: Rational.microseconds.rescale(startMicroseconds, to: videoInfo.timeBase),
            nominalDuration: max(nominal, 0), totalSeconds: input.duration)

        // Audio: AAC at the source's rate when AAC has it, mono or stereo.
        // A sound track FFmpeg cannot decode is left out, and the recipe says so: the pictures are
        // what a reviewer needs first.
        var audioDecoder: CodecContext?
        var copiedAudio: Int?
        if let index = audioIndex, settings.copyPlayableAudio, ProxyAudioCopy.canCopy(stream: index, of: input) {
            copiedAudio = index
            audioIndex = nil
        }
        if let index = audioIndex {
            do throws(MediaError) {
                audioDecoder = try CodecContext(decoderFor: index, of: input)
            } catch where error.code == .decoderNotFound {
                audioLeftOut = "audio stream \(index) (\(streams[index].codecName)) left out: no decoder"
                audioIndex = nil
            }
        }
        if let audioIndex, let decoder = audioDecoder {
            let info = streams[audioIndex]
            let audioEncoder = try CodecContext(encoder: "aac")
            let rate = Self.aacRate(near: info.sampleRate ?? decoder.sampleRate)
            audioEncoder.sampleRate = rate
            audioEncoder.sampleFormat = .fltp
            audioEncoder.setDefaultChannelLayout(channels: min(max(info.channels ?? decoder.channels, 1), 2))
            audioEncoder.bitRate = Int64(settings.audioBitRate)
            audioEncoder.timeBase = Rational(1, Int32(rate))
            if globalHeader { audioEncoder.requestGlobalHeader() }
            try audioEncoder.open()
            audio = AudioLane(
                inputStream: audioIndex, encoder: audioEncoder, timeBase: info.timeBase,
                startOffset: Rational.microseconds.rescale(startMicroseconds, to: info.timeBase),
                queue: AudioSampleQueue(layout: .init(sampleRate: rate, sampleFormat: .fltp, channels: audioEncoder.channels)))
        } else {
            audio = nil
        }

        decoded = try Frame()
        resampled = try Frame()
        encoded = try Packet()

        // Output streams, in the order video, audio, with the source's container tags.
        let videoOut = try muxer!.addStream(encoder: videoEncoder)
        if geometry.quarterTurns != 0, let rotation = videoInfo.displayMatrixRotation {
            try muxer!.setDisplayRotation(of: videoOut, degrees: rotation)
        }
        video.outputStream = videoOut
        if let lane = audio {
            audio!.outputStream = try muxer!.addStream(encoder: lane.encoder)
        }
        if let copiedAudio {
            audioCopy = try ProxyAudioCopy(source: source, stream: copiedAudio, startMicroseconds: startMicroseconds, muxer: &muxer!)
        }
        // The decode stage reads only what it decodes (copied sound has an input of its own).
        input.discardStreams(except: Set([videoIndex] + (audioIndex.map { [$0] } ?? [])))
        try muxer!.copyTags(of: input)

        // The input and decoders go to the decode stage, which alone uses them from here on.
        channel = try FrameChannel(capacity: Self.channelCapacity)
        stage = try ProxyDecodeStage(
            input: input, videoStream: videoIndex, videoDecoder: videoDecoder, audioStream: audioIndex,
            audioDecoder: audioDecoder,
            pictureScaler: ProxyPictureScaler(width: geometry.codedWidth, height: geometry.codedHeight, settings: settings),
            frameRateCap: capped.map { ($0.interval, $0.tolerance) }, skipNonReference: skipNonReference,
            channel: channel)
    }

    /// Decodes (on a second thread), scales, encodes and muxes everything, then finishes the file.
    func run() throws(MediaError) {
        try muxer!.writeHeader(options: ["movflags": "+faststart"])
        for stream in 0..<(muxer?.streamCount ?? 0) {
            outputTimeBases.append(muxer?.timeBase(of: stream) ?? Rational(1, 1))
        }
        audioCopy?.headerWritten(muxer: muxer!)
        // The decode stage crosses to the worker thread unchecked by the compiler (neither it nor the
        // closure is Sendable). Sound because, from here until `join`, only that thread touches the
        // stage and what it owns (input, decoders, its packet and frame); this thread touches only
        // the encoding side, and the two meet only inside `FrameChannel`, under its lock.
        let stage = self.stage
        let decoding = try WorkerThread { stage.run() }
        do {
            while let tag = try channel.receive(into: &decoded) {
                if tag == video.inputStream {
                    try picture()
                } else if tag == audio?.inputStream {
                    try sound()
                }
            }
        } catch {
            // Stop the decode stage (it may be waiting to send) before anything it uses goes away.
            channel.cancel()
            decoding.join()
            throw error
        }
        decoding.join()
        // Drain: the resampler and the queue, then the encoders.
        if audio != nil { try flushAudio() }
        try video.encoder.sendEnd()
        try writePackets(video: true)
        if let audio {
            try audio.encoder.sendEnd()
            try writePackets(video: false)
        }
        try audioCopy?.copy(through: nil, into: &muxer!)
        try muxer.take()!.finish()
        report(1)
    }

    // MARK: video

    /// Gives the (already scaled) picture its time and encodes it.
    private func picture() throws(MediaError) {
        var pts: Int64
        // The decode stage scaled the picture and put the decoder's best-effort time in `pts`.
        if let known = decoded.pts {
            pts = known - video.startOffset
        } else if let last = lastPicturePts {
            pts = last + max(video.nominalDuration, 1)
        } else {
            pts = 0
        }
        if let last = lastPicturePts, pts <= last {
            droppedPictures += 1
            return
        }
        decoded.pts = pts
        lastPicturePts = pts
        // A kept picture stands until the next one kept: at least one interval when the rate is capped.
        let duration = max(decoded.packetDuration > 0 ? decoded.packetDuration : video.nominalDuration, cap?.interval ?? 0)
        pictureDurations[pts] = duration
        try encode(decoded, video: true)
        if let audioCopy, let seconds = video.timeBase.seconds(pts) { try audioCopy.copy(through: seconds, into: &muxer!) }
        if let total = video.totalSeconds, total > 0, let seconds = video.timeBase.seconds(pts) {
            report(seconds / total)
        }
    }

    // MARK: audio

    /// Resamples the decoded audio into the queue and encodes every full frame it then holds. The lane
    /// is changed in place: a copy would copy the queue's buffers.
    private func sound() throws(MediaError) {
        guard audio != nil else { return }
        // The resampler is set up with the default layout for the channel count, and swr_convert_frame
        // refuses a frame whose layout differs ("Input changed"): sound that states only its channel
        // count (PCM in AVI) is given that default.
        if decoded.hasUnspecifiedChannelLayout { decoded.setDefaultChannelLayout(channels: decoded.channels) }
        let layout = Resampler.Layout(sampleRate: decoded.sampleRate, sampleFormat: decoded.sampleFormat, channels: decoded.channels)
        if resampler?.source != layout {
            resampler = try Resampler(from: layout, to: audio!.queue.layout)
        }
        if audio!.nextPts == nil {
            let first = decoded.bestEffortTimestamp.map { $0 - audio!.startOffset } ?? 0
            audio!.nextPts = audio!.timeBase.rescale(first, to: audio!.encoder.timeBase)
        }
        try resampler?.convert(decoded, into: &resampled)
        if resampled.sampleCount > 0 { try audio!.queue.append(resampled) }
        try encodeQueued(final: false)
    }

    /// Takes what the resampler still holds and encodes the queue to the last sample.
    private func flushAudio() throws(MediaError) {
        guard audio != nil else { return }
        if resampler != nil {
            try resampler?.drain(into: &resampled)
            if resampled.sampleCount > 0 { try audio!.queue.append(resampled) }
        }
        try encodeQueued(final: true)
    }

    /// Encodes frames of the encoder's size while the queue has them; with `final`, the remainder too
    /// (AAC takes a short last frame).
    private func encodeQueued(final: Bool) throws(MediaError) {
        guard let encoder = audio?.encoder else { return }
        let size = encoder.frameSize > 0 ? encoder.frameSize : 1024
        while audio!.queue.count >= size || (final && audio!.queue.count > 0) {
            let take = min(size, audio!.queue.count)
            try audio!.queue.take(take, into: &resampled)
            let pts = audio!.nextPts ?? 0
            resampled.pts = pts
            audio!.nextPts = pts + Int64(take)
            try encode(resampled, video: false)
        }
    }

    // MARK: encoding and muxing

    /// Sends `frame` to its encoder, writing out packets whenever the encoder is full.
    private func encode(_ frame: borrowing Frame, video isVideo: Bool) throws(MediaError) {
        let encoder = isVideo ? video.encoder : audio!.encoder
        while true {
            let sent = try encoder.send(frame)
            try writePackets(video: isVideo)
            if sent == .accepted { return }
        }
    }

    /// Muxes every packet the encoder has ready.
    private func writePackets(video isVideo: Bool) throws(MediaError) {
        let encoder = isVideo ? video.encoder : audio!.encoder
        let stream = isVideo ? video.outputStream : audio!.outputStream
        while try encoder.receive(into: &encoded) == .produced {
            if isVideo, let pts = encoded.pts, let duration = pictureDurations.removeValue(forKey: pts), encoded.duration == 0 {
                encoded.duration = duration
            }
            encoded.streamIndex = stream
            encoded.rescaleTimestamps(from: encoder.timeBase, to: outputTimeBases[stream])
            try muxer!.write(&encoded)
        }
    }

    private func report(_ fraction: Double) {
        guard let progress else { return }
        let clamped = min(max(fraction, 0), 1)
        // Every thousandth is plenty for a bar, and keeps the callback off the per-frame path.
        guard clamped - lastFraction >= 0.001 || (clamped == 1 && lastFraction < 1) else { return }
        lastFraction = clamped
        progress(clamped)
    }

    /// The cap for a `source`-rate stream under `maximum` pictures a second, when the source is more than
    /// 1.2 times faster (a 30 fps stream under a 25 cap keeps every picture: an uneven cadence would look
    /// worse than the few bytes saved).
    private static func frameRateCap(_ maximum: Double?, source: Double?, timeBase: Rational) -> FrameRateCap? {
        guard let maximum, maximum > 0, let source, source > maximum * 1.2,
              let interval = timeBase.ticks(1 / maximum), let frame = timeBase.ticks(1 / source), interval > 0
        else { return nil }
        return FrameRateCap(interval: interval, tolerance: frame / 2, kept: maximum, source: source)
    }

    /// The AAC rate nearest above `rate` among those AAC signals (or 48 kHz beyond them).
    static func aacRate(near rate: Int) -> Int {
        let rates = [7350, 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000]
        return rates.contains(rate) ? rate : (rates.first { $0 >= rate } ?? 48000)
    }
}
