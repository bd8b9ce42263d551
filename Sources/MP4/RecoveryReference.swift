import Foundation

/// What a healthy clip from the same recorder teaches about a truncated one: the tracks and their sample
/// entries, timescales and sample durations, the sizes of its audio frames and how it interleaves them with
/// video. Reading one also checks that its own samples are found by the scanners recovery will use, so a
/// recorder whose stream does not fit their assumptions is refused before anything is written.
public struct RecoveryReference: Sendable {
    public let path: String
    public let file: MP4File
    /// The H.264 track, if the recorder writes video.
    public let video: MP4Track?
    /// The AAC track, if the recorder writes audio.
    public let audio: MP4Track?
    /// Tracks recovery does not rebuild (a second video or audio track, timecode, metadata), by id.
    public let ignoredTrackIDs: [UInt32]
    /// The longest run of consecutive audio samples in the reference's file order, in samples.
    public let longestAudioRun: Int

    let videoConfiguration: AVCDecoderConfiguration?
    let audioConfiguration: AudioSpecificConfig?
    let audioElements: Set<UInt8>
    let audioStarts: AACFrameScanner.FrameStartModel
    let maxVideoSampleSize: Int64
    /// How the reference interleaves audio runs with video, when it has both.
    let interleave: InterleaveModel?

    /// How many of the reference's first samples per track are checked against the scanners.
    static let calibrationSamples = 120

    public init(_ url: URL) throws {
        let file = try MP4File.read(url)
        path = file.path
        self.file = file
        var video: MP4Track?, audio: MP4Track?
        var ignored: [UInt32] = []
        var described: [String] = []
        for track in file.tracks {
            guard let entry = track.sampleEntries.first, track.sampleTable.sampleCount > 0 else {
                ignored.append(track.trackID)
                described.append("track \(track.trackID) ('\(track.handler)') has no samples")
                continue
            }
            described.append("track \(track.trackID) ('\(track.handler)', '\(entry.format)')")
            switch (track.handler, entry.codec) {
            case ("vide", .h264):
                if video == nil { video = track } else { ignored.append(track.trackID) }
            case ("soun", .aac(let config)):
                guard config.isLowComplexity else {
                    throw MP4Error.unsupportedCodec(
                        path: file.path, trackID: track.trackID, format: entry.format.description,
                        codec: "AAC object type \(config.audioObjectType)")
                }
                if audio == nil { audio = track } else { ignored.append(track.trackID) }
            case ("vide", _), ("soun", _):
                // Its samples would sit between the others in mdat, and nothing here can tell where they end.
                throw MP4Error.unsupportedCodec(
                    path: file.path, trackID: track.trackID, format: entry.format.description, codec: entry.codecName)
            default:
                ignored.append(track.trackID)
            }
        }
        guard video != nil || audio != nil else {
            throw MP4Error.noUsableTrack(
                path: file.path,
                detail: described.isEmpty ? "it has no tracks" : "no H.264 video or AAC audio track among " + described.joined(separator: ", "))
        }
        self.video = video
        self.audio = audio
        ignoredTrackIDs = ignored

        if let video, case .h264(let config) = video.sampleEntries[0].codec {
            videoConfiguration = config
            maxVideoSampleSize = Int64(video.sampleTable.sampleSizes.max() ?? 0)
        } else {
            videoConfiguration = nil
            maxVideoSampleSize = 0
        }
        if let audio, case .aac(let config) = audio.sampleEntries[0].codec {
            audioConfiguration = config
        } else {
            audioConfiguration = nil
        }

        let source = try ReadOnlyFile(url)
        let mediaEnd = file.topLevel.filter { $0.type == "mdat" }.map(\.end).max() ?? file.size
        let window = ScanWindow(file: source, end: min(mediaEnd, file.size))
        do {
            let starts = try Self.calibrateAudio(audio, config: audioConfiguration, window: window)
            audioElements = Set(starts.map(\.element))
            audioStarts = AACFrameScanner.FrameStartModel(starts)
            try Self.calibrateVideo(video, config: videoConfiguration, maxNAL: Self.maxNALSize(maxVideoSampleSize), window: window)
            longestAudioRun = try Self.longestRun(of: audio, among: [video, audio].compactMap { $0 })
            interleave = try InterleaveModel(video: video, audio: audio)
        } catch let error as BoxError {
            throw MP4Error.referenceMismatch(path: file.path, detail: error.description)
        }
    }

    /// NAL units longer than this are taken for garbage: a truncated clip's pictures may be larger than the
    /// reference's, but not by orders of magnitude.
    static func maxNALSize(_ largestSample: Int64) -> Int64 {
        max(largestSample * 8, 1 << 20)
    }

    func videoScanner() -> AVCSampleScanner? {
        videoConfiguration.map { AVCSampleScanner(configuration: $0, maxNALSize: Self.maxNALSize(maxVideoSampleSize)) }
    }

    func audioScanner() -> AACFrameScanner? {
        guard let audio, let audioConfiguration else { return nil }
        return AACFrameScanner(
            config: audioConfiguration, expectedFirstElements: audioElements,
            sizes: .init(sizes: audio.sampleTable.sampleSizes, channels: audioConfiguration.channelConfiguration),
            starts: audioStarts)
    }

    /// Checks the AVC scanner finds the reference's first samples with exactly their sizes.
    private static func calibrateVideo(_ track: MP4Track?, config: AVCDecoderConfiguration?, maxNAL: Int64, window: ScanWindow) throws {
        guard let track, let config else { return }
        var scanner = AVCSampleScanner(configuration: config, maxNALSize: maxNAL)
        let offsets = try track.sampleTable.sampleOffsets()
        for index in 0..<min(offsets.count, calibrationSamples) {
            let offset = Int64(offsets[index]), size = Int64(track.sampleTable.sampleSizes[index])
            let outcome = try scanner.sample(at: offset, in: window)
            guard case .sample(let found) = outcome, found.size == size else {
                let what: String
                switch outcome {
                case .sample(let found): what = "one access unit of \(found.size) bytes"
                case .partial, .cutOff: what = "a sample running past the media data"
                case .none(let reason): what = "no sample (\(reason))"
                }
                throw BoxError("its H.264 sample \(index + 1) (offset \(offset), \(size) bytes) is not what the scanner finds there: "
                    + "\(what); the recorder's stream does not fit the access-unit rules recovery relies on")
            }
        }
    }

    /// Checks every checked AAC frame of the reference passes the start and end checks, and returns what
    /// their starts read.
    private static func calibrateAudio(_ track: MP4Track?, config: AudioSpecificConfig?, window: ScanWindow) throws -> [AACFrameScanner.FrameStart] {
        guard let track, let config else { return [] }
        let probe = AACFrameScanner(config: config, expectedFirstElements: [], sizes: .init(sizes: [], channels: 1), starts: .init())
        let offsets = try track.sampleTable.sampleOffsets()
        var starts: [AACFrameScanner.FrameStart] = []
        for index in 0..<min(offsets.count, calibrationSamples) {
            let offset = Int64(offsets[index]), size = Int64(track.sampleTable.sampleSizes[index])
            guard let start = try probe.frameStart(at: offset, in: window), start.minimumSize <= size,
                  try probe.endsFrame(before: offset + size, in: window)
            else {
                throw BoxError("its AAC frame \(index + 1) (offset \(offset), \(size) bytes) does not read as an AAC-LC "
                    + "raw data block (element header, ics_info, section data, ID_END)")
            }
            starts.append(start)
        }
        return starts
    }

    /// The longest stretch of audio samples with no other track's sample between them, in file order.
    private static func longestRun(of audio: MP4Track?, among tracks: [MP4Track]) throws -> Int {
        guard let audio else { return 0 }
        var marks: [(offset: UInt64, isAudio: Bool)] = []
        for track in tracks {
            let isAudio = track.trackID == audio.trackID
            marks += try track.sampleTable.sampleOffsets().map { ($0, isAudio) }
        }
        marks.sort { $0.offset < $1.offset }
        var longest = 0, current = 0
        for mark in marks {
            current = mark.isAudio ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}
