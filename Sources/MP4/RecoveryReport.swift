/// What a recovery found and wrote: printed by `recgate recover`, as JSON with `--json`.
public struct RecoveryReport: Codable, Sendable, Equatable {
    /// Why the scan of the media data ended.
    public enum StopReason: String, Codable, Sendable {
        /// Every byte of the media data was used.
        case endOfData = "end_of_data"
        /// The file ends inside a sample (the usual end of a recording cut by a flat battery); it is dropped.
        case partialSample = "partial_sample"
        /// Bytes that are neither a video sample nor an audio frame of the reference's kinds.
        case unrecognisedData = "unrecognised_data"
    }

    public struct Track: Codable, Sendable, Equatable {
        public var trackID: UInt32
        /// `video` or `audio`.
        public var kind: String
        /// The sample entry's four-character code, e.g. `avc1`, `mp4a`.
        public var format: String
        public var codec: String
        public var samples: Int
        /// Key frames (IDR) for video; every audio frame is one.
        public var syncSamples: Int
        /// Seconds: samples × the reference's sample duration.
        public var duration: Double
        public var bytes: Int64

        enum CodingKeys: String, CodingKey {
            case trackID = "track_id", kind, format, codec, samples
            case syncSamples = "sync_samples", duration, bytes
        }
    }

    public var truncated: String
    public var reference: String
    public var output: String
    public var fileSize: Int64
    /// Offset of the first byte of media data (after the mdat header).
    public var mediaDataOffset: Int64
    /// Media data bytes the file holds (from the mdat header to the end of the box or of the file).
    public var mediaDataBytes: Int64
    /// Bytes of media data in recovered samples: from `mediaDataOffset` to `stopOffset`.
    public var bytesUsed: Int64
    public var stopOffset: Int64
    public var stopReason: StopReason
    public var stopDetail: String
    public var tracks: [Track]
    /// Seconds, the longest track's presentation.
    public var duration: Double
    public var outputSize: Int64

    enum CodingKeys: String, CodingKey {
        case truncated, reference, output
        case fileSize = "file_size", mediaDataOffset = "media_data_offset", mediaDataBytes = "media_data_bytes"
        case bytesUsed = "bytes_used", stopOffset = "stop_offset", stopReason = "stop_reason"
        case stopDetail = "stop_detail", tracks, duration, outputSize = "output_size"
    }

    /// The first track of `kind` (`video`, `audio`).
    public func track(_ kind: String) -> Track? { tracks.first { $0.kind == kind } }
}
