/// Walks the media data of a truncated file from its first byte, deciding at each offset whether an H.264
/// sample or a run of AAC frames starts there, and stops at the first offset that is neither.
///
/// Video samples delimit themselves (their NAL lengths say where they end, and the next bytes say whether the
/// access unit goes on). Audio frames do not, so a run of them is bounded first: the scanner looks for the
/// next offset where a video sample starts (and the byte before ends an AAC frame), then splits the bytes
/// between into frames. A run with no video after it (the end of the file, or an audio-only recorder) is split
/// as far as frame starts confirm the frames before them.
///
/// How many frames a run holds is also a matter of time: the recorder's muxer wrote audio up to about the
/// time of the next video sample, as the reference shows (`InterleaveModel`). A split with a frame too many or
/// too few puts the audio a frame ahead of or behind where the muxer would have had it, and is charged for
/// that. When no split fits (audio that starts after a video-only pre-record buffer, or a gap), sizes alone
/// decide and the drift is learnt again from there; the drift then also says how late the audio starts.
struct MediaDataScanner {
    enum Kind: Equatable { case video, audio }

    struct Found: Equatable {
        var kind: Kind
        var offset: Int64
        var size: Int64
        var isSync: Bool
        var picture: AVCSampleScanner.Picture?
    }

    struct Result {
        var samples: [Found]
        /// Where recovery stopped: the end of the last sample kept.
        var stopOffset: Int64
        var stopReason: RecoveryReport.StopReason
        var stopDetail: String
        /// The drift (`InterleaveModel`) settled on at each audio run that ends before a video sample.
        var drifts: [Int64] = []
    }

    var video: AVCSampleScanner?
    let audio: AACFrameScanner?
    /// The most bytes an audio run is searched for its end (from the reference's longest run).
    let maxAudioRun: Int64
    /// The drifts between audio and video where runs meet: the reference's, then this file's.
    var interleave: InterleaveModel?
    private var drifts: [Int64] = []
    /// The cost of one frame of drift outside what the interleave allows: more than the size evidence
    /// between a right and a wrong split (a few units), less than a broken syntax check (infinite).
    static let driftPenalty = 12.0

    init(reference: RecoveryReference) {
        video = reference.videoScanner()
        audio = reference.audioScanner()
        interleave = reference.interleave
        let frames = Int64(reference.longestAudioRun) * 2 + 8
        maxAudioRun = frames * (audio?.sizes.maximum ?? 0)
    }

    /// Scans `window` (which ends where the media data or the file ends) from `start`. `endIsReal` is true
    /// when the media data box's size was written and lies inside the file: its end is a sample boundary.
    mutating func scan(_ window: ScanWindow, from start: Int64, endIsReal: Bool) throws -> Result {
        let dataEnd = window.end
        var samples: [Found] = []
        var position = start
        var videoCount = 0, audioCount = 0

        func stop(_ reason: RecoveryReport.StopReason, _ detail: String) -> Result {
            Result(samples: samples, stopOffset: position, stopReason: reason, stopDetail: detail, drifts: drifts)
        }

        while true {
            if position >= dataEnd {
                return stop(.endOfData, endIsReal
                    ? "every byte of the media data is in a recovered sample"
                    : "the file ends exactly after the last recovered sample")
            }
            var notVideo = "the reference has no video track"
            if var scanner = video {
                switch try scanner.sample(at: position, in: window) {
                case .sample(let sample):
                    // Too few bytes after it to tell whether its access unit goes on: it may be missing slices.
                    if !endIsReal, sample.end + Int64(scanner.nalLengthSize) + 1 > dataEnd {
                        return stop(.partialSample, "the video sample at offset \(position) reaches the end of the file "
                            + "and may be incomplete; it is dropped")
                    }
                    video = scanner
                    samples.append(Found(kind: .video, offset: sample.offset, size: sample.size, isSync: sample.isSync, picture: sample.picture))
                    videoCount += 1
                    position = sample.end
                    continue
                case .partial:
                    return stop(.partialSample, "the video sample at offset \(position) runs past the end of the file; it is dropped")
                case .cutOff:
                    return stop(.partialSample, "the last \(dataEnd - position) bytes of the file are too few to tell what they hold")
                case .none(let reason):
                    notVideo = "not an H.264 sample (\(reason))"
                }
            }
            guard let audio else {
                return stop(.unrecognisedData, "the bytes at offset \(position) are \(notVideo), and the reference has no audio track")
            }
            guard try audio.startsFrame(at: position, in: window) else {
                if !endIsReal && dataEnd - position < Int64(AACFrameScanner.headBytes) {
                    return stop(.partialSample, "the last \(dataEnd - position) bytes of the file are too few to tell what they hold")
                }
                return stop(.unrecognisedData, "the bytes at offset \(position) are \(notVideo) nor an AAC frame")
            }
            let searchEnd = min(position + maxAudioRun, dataEnd)
            if let run = try audioRunBeforeVideo(from: position, searchEnd: searchEnd, audioCount: audioCount, videoCount: videoCount, in: window) {
                samples += Self.frames(run)
                audioCount += run.count
                position = run.end
                continue
            }
            // No video sample ends this run: keep the frames that later frame starts confirm.
            let atDataEnd = searchEnd == dataEnd
            guard let run = try audio.segment(from: position, limit: searchEnd, endIsBoundary: atDataEnd && endIsReal, in: window) else {
                if atDataEnd && !endIsReal && dataEnd - position <= audio.sizes.maximum {
                    return stop(.partialSample, "the AAC frame at offset \(position) is cut by the end of the file; it is dropped")
                }
                return stop(.unrecognisedData, "an AAC frame seems to start at offset \(position), but no frame boundary follows it")
            }
            samples += Self.frames(run)
            audioCount += run.count
            position = run.end
        }
    }

    private static func frames(_ run: AACFrameScanner.Segmentation) -> [Found] {
        run.starts.enumerated().map { index, offset in
            let end = index + 1 < run.starts.count ? run.starts[index + 1] : run.end
            return Found(kind: .audio, offset: offset, size: end - offset, isSync: true, picture: nil)
        }
    }

    /// The frames of the audio run at `start` when a video sample follows it within `searchEnd`.
    private mutating func audioRunBeforeVideo(
        from start: Int64, searchEnd: Int64, audioCount: Int, videoCount: Int, in window: ScanWindow
    ) throws -> AACFrameScanner.Segmentation? {
        guard let audio, let video else { return nil }
        var candidate = start + AACFrameScanner.minimumFrameSize
        while candidate < searchEnd {
            defer { candidate += 1 }
            guard try audio.endsFrame(before: candidate, in: window) else { continue }
            // A copy: a speculative look must not keep parameter sets read from what turns out to be audio.
            var probe = video
            switch try probe.sample(at: candidate, in: window) {
            case .sample, .partial:
                let options = try audio.segmentations(from: start, to: candidate, in: window)
                if let run = choose(options, audioCount: audioCount, videoCount: videoCount) { return run }
            case .none, .cutOff:
                continue
            }
        }
        return nil
    }

    /// Picks the frame count of a run: the size cost of its best split plus a penalty for each frame of
    /// drift outside what the interleave allows. When no count fits the interleave at all, the file is not
    /// aligned as the reference was (a video-only pre-record buffer, a gap): sizes alone decide, and the
    /// interleave is learnt again from this point.
    private mutating func choose(_ options: [Int: AACFrameScanner.Segmentation], audioCount: Int, videoCount: Int) -> AACFrameScanner.Segmentation? {
        guard !options.isEmpty else { return nil }
        guard var model = interleave else { return options.values.min { $0.cost < $1.cost } }
        let excess = options.mapValues { model.excess(model.drift(audioFrames: audioCount + $0.count, videoSamples: videoCount)) }
        let chosen: AACFrameScanner.Segmentation
        if excess.values.min()! > 1 {
            chosen = options.values.min { $0.cost < $1.cost }!
            let d = model.drift(audioFrames: audioCount + chosen.count, videoSamples: videoCount)
            model.low = d
            model.high = d
        } else {
            chosen = options.min { a, b in
                a.value.cost + Self.driftPenalty * excess[a.key]! < b.value.cost + Self.driftPenalty * excess[b.key]!
            }!.value
            model.observe(model.drift(audioFrames: audioCount + chosen.count, videoSamples: videoCount))
        }
        interleave = model
        drifts.append(model.drift(audioFrames: audioCount + chosen.count, videoSamples: videoCount))
        return chosen
    }
}
