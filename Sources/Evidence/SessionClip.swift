import Foundation
import GRDB

/// A clip as one offload session of a device saw it (a sighting with the clip's facts and the
/// integrity its newest media facts give): what device health reads sequences and damage from.
public struct SessionClip: Sendable, Hashable, FetchableRecord, Decodable {
    public var sessionID: String
    public var clipID: String
    public var sourceName: String
    public var size: Int64
    public var sequence: Int?
    public var locked: Bool
    /// The start time written in the file name, read in the clip's zone.
    public var nameStart: Date?
    /// `ok`, `truncated` or `corrupt` from the newest `clip_media` row; nil when never probed.
    public var integrity: String?

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case clipID = "clip_id"
        case sourceName = "source_name"
        case size, sequence, locked
        case nameStart = "name_start"
        case integrity
    }

    public init(sessionID: String, clipID: String, sourceName: String, size: Int64, sequence: Int?, locked: Bool,
                nameStart: Date?, integrity: String?) {
        self.sessionID = sessionID
        self.clipID = clipID
        self.sourceName = sourceName
        self.size = size
        self.sequence = sequence
        self.locked = locked
        self.nameStart = nameStart
        self.integrity = integrity
    }

    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}
