/// How far audio runs ahead of video where a run of audio frames meets the next video sample, as the
/// reference's muxer did it. Recorders and ffmpeg interleave by time: before video sample k they write the
/// audio frames that start before k's time plus a constant phase. The drift at such a point,
///
///     d = (audio frames so far) × frame duration − k × video sample duration,
///
/// then always lies in an interval narrower than one audio frame, and a run split into one frame too many
/// or too few moves d by a whole frame, out of it. Times are integers in units of 1 / (audio timescale ×
/// video timescale), so the comparison is exact.
struct InterleaveModel: Sendable, Equatable {
    /// One audio frame and one video sample, in the common unit.
    let audioFrame: Int64
    let videoSample: Int64
    /// The smallest and largest drift seen.
    var low: Int64
    var high: Int64

    init(audioFrame: Int64, videoSample: Int64, low: Int64, high: Int64) {
        self.audioFrame = audioFrame
        self.videoSample = videoSample
        self.low = low
        self.high = high
    }

    /// Learns the drifts from the reference's samples in file order; nil without both tracks or any point
    /// where an audio run meets a video sample.
    init?(video: MP4Track?, audio: MP4Track?) throws {
        guard let video, let audio, let videoDelta = video.sampleTable.typicalDelta,
              let audioDelta = audio.sampleTable.typicalDelta
        else { return nil }
        audioFrame = Int64(audioDelta) * Int64(video.mediaTimescale)
        videoSample = Int64(videoDelta) * Int64(audio.mediaTimescale)
        // Real timescales and durations keep these far below 2^40; anything above is a damaged reference,
        // and sample counts times them must not overflow.
        guard audioFrame > 0, videoSample > 0, audioFrame < 1 << 40, videoSample < 1 << 40 else { return nil }
        var marks: [(offset: UInt64, isAudio: Bool)] = []
        marks += try video.sampleTable.sampleOffsets().map { ($0, false) }
        marks += try audio.sampleTable.sampleOffsets().map { ($0, true) }
        marks.sort { $0.offset < $1.offset }
        var videoCount = 0, audioCount = 0
        var afterAudio = false
        var low = Int64.max, high = Int64.min
        for mark in marks {
            if mark.isAudio {
                audioCount += 1
            } else {
                if afterAudio {
                    let d = Int64(audioCount) * audioFrame - Int64(videoCount) * videoSample
                    low = min(low, d)
                    high = max(high, d)
                }
                videoCount += 1
            }
            afterAudio = mark.isAudio
        }
        guard low <= high else { return nil }
        self.low = low
        self.high = high
    }

    /// Counts are below 2^23 in any file recovery reads (a day of 48 kHz audio is 4·10⁶ frames), so with the
    /// units below 2^40 this stays inside 64 bits.
    func drift(audioFrames: Int, videoSamples: Int) -> Int64 {
        Int64(min(audioFrames, 1 << 23)) * audioFrame - Int64(min(videoSamples, 1 << 23)) * videoSample
    }

    /// How many audio frames `d` lies outside the drifts a time-based muxer with the phase seen could
    /// produce: 0 inside. When the drifts seen span less than a frame, the phase c satisfies
    /// high − frame < c ≤ low, and every drift lies in [c, c + frame): strictly between high − frame and
    /// low + frame. Otherwise (a muxer that does not interleave by time) only the range seen is known.
    func excess(_ d: Int64) -> Double {
        if high - low < audioFrame {
            if d > high - audioFrame && d < low + audioFrame { return 0 }
            let distance = d <= high - audioFrame ? (high - audioFrame) - d : d - (low + audioFrame)
            return 1 + Double(distance) / Double(audioFrame)
        }
        if d >= low && d <= high { return 0 }
        return 1 + Double(d < low ? low - d : d - high) / Double(audioFrame)
    }

    /// Takes in a drift the scan settled on.
    mutating func observe(_ d: Int64) {
        low = min(low, d)
        high = max(high, d)
    }
}
