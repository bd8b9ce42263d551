import DeviceKit
import Foundation
import Media

/// Everything a probe learned about one file. Encodes to the JSON of `recgate probe --json`; times
/// are RFC 3339 text and the keys `format`, `duration` and `creation_time` are always present (null
/// when unknown).
public struct MediaFacts: Sendable, Hashable, Codable {
    public var path: String
    public var size: Int64?
    /// The demuxer's name, as ffprobe's `format_name` (`mov,mp4,m4a,3gp,3g2,mj2`, `avi`, `wav`, `image2`).
    public var format: String?
    public var formatLongName: String?
    /// Video, audio or photo, from the streams.
    public var kind: RecordingKind?
    /// Seconds, as the container states it.
    public var duration: Double?
    public var startTime: Double?
    public var bitRate: Int64?

    public var integrity: Integrity
    /// Why the integrity is what it is, and other structural remarks.
    public var integrityNotes: [String]
    /// Why the file could not be opened or read to the end.
    public var error: String?

    /// The container's creation_time.
    public var creationTime: Date?
    public var tags: [String: String]
    /// Picked from the tags that carry them in MP4, MOV and their Apple variants.
    public var encoder: String?
    public var make: String?
    public var model: String?
    /// ISO 6709 text, e.g. `+31.2304+121.4737/`.
    public var location: String?
    /// The first video stream's display rotation (see `StreamFacts.rotation`).
    public var rotation: Int?

    public var streams: [StreamFacts]
    public var mp4: MP4Layout?
    public var timing: ClipTiming?
    /// Whether every frame was decoded, and the decode errors found if so.
    public var deep: Bool
    public var decodeErrors: Int?

    public init(path: String, integrity: Integrity = .corrupt) {
        self.path = path
        self.integrity = integrity
        integrityNotes = []
        tags = [:]
        streams = []
        deep = false
    }

    enum CodingKeys: String, CodingKey {
        case path, size, format
        case formatLongName = "format_long_name"
        case kind, duration
        case startTime = "start_time"
        case bitRate = "bit_rate"
        case integrity
        case integrityNotes = "integrity_notes"
        case error
        case creationTime = "creation_time"
        case tags, encoder, make, model, location, rotation, streams, mp4, timing, deep
        case decodeErrors = "decode_errors"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        size = try c.decodeIfPresent(Int64.self, forKey: .size)
        format = try c.decodeIfPresent(String.self, forKey: .format)
        formatLongName = try c.decodeIfPresent(String.self, forKey: .formatLongName)
        kind = try c.decodeIfPresent(RecordingKind.self, forKey: .kind)
        duration = try c.decodeIfPresent(Double.self, forKey: .duration)
        startTime = try c.decodeIfPresent(Double.self, forKey: .startTime)
        bitRate = try c.decodeIfPresent(Int64.self, forKey: .bitRate)
        integrity = try c.decode(Integrity.self, forKey: .integrity)
        integrityNotes = try c.decodeIfPresent([String].self, forKey: .integrityNotes) ?? []
        error = try c.decodeIfPresent(String.self, forKey: .error)
        creationTime = try c.decodeRFC3339(forKey: .creationTime)
        tags = try c.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        encoder = try c.decodeIfPresent(String.self, forKey: .encoder)
        make = try c.decodeIfPresent(String.self, forKey: .make)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        location = try c.decodeIfPresent(String.self, forKey: .location)
        rotation = try c.decodeIfPresent(Int.self, forKey: .rotation)
        streams = try c.decodeIfPresent([StreamFacts].self, forKey: .streams) ?? []
        mp4 = try c.decodeIfPresent(MP4Layout.self, forKey: .mp4)
        timing = try c.decodeIfPresent(ClipTiming.self, forKey: .timing)
        deep = try c.decodeIfPresent(Bool.self, forKey: .deep) ?? false
        decodeErrors = try c.decodeIfPresent(Int.self, forKey: .decodeErrors)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encodeIfPresent(size, forKey: .size)
        try c.encode(format, forKey: .format)
        try c.encodeIfPresent(formatLongName, forKey: .formatLongName)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encode(duration, forKey: .duration)
        try c.encodeIfPresent(startTime, forKey: .startTime)
        try c.encodeIfPresent(bitRate, forKey: .bitRate)
        try c.encode(integrity, forKey: .integrity)
        try c.encode(integrityNotes, forKey: .integrityNotes)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encodeRFC3339(creationTime, forKey: .creationTime)
        try c.encode(tags, forKey: .tags)
        try c.encodeIfPresent(self.encoder, forKey: .encoder)
        try c.encodeIfPresent(make, forKey: .make)
        try c.encodeIfPresent(model, forKey: .model)
        try c.encodeIfPresent(location, forKey: .location)
        try c.encodeIfPresent(rotation, forKey: .rotation)
        try c.encode(streams, forKey: .streams)
        try c.encodeIfPresent(mp4, forKey: .mp4)
        try c.encodeIfPresent(timing, forKey: .timing)
        try c.encode(deep, forKey: .deep)
        try c.encodeIfPresent(decodeErrors, forKey: .decodeErrors)
    }
}

extension MediaFacts {
    /// Tag keys that carry each fact, in order of preference (MP4/MOV user data, Apple's mdta keys).
    static let makeKeys = ["make", "com.apple.quicktime.make", "com.android.manufacturer"]
    static let modelKeys = ["model", "com.apple.quicktime.model", "com.android.model"]
    static let locationKeys = ["location", "com.apple.quicktime.location.ISO6709", "com.android.capture.location"]
    static let creationKeys = ["creation_time", "com.apple.quicktime.creationdate", "date"]

    static func first(_ keys: [String], in tags: [String: String]) -> String? {
        for key in keys {
            if let value = tags[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty { return value }
        }
        return nil
    }
}
