import Foundation
import GRDB

/// The media facts of a stored clip as one prober read them (table `clip_media`): the summary the
/// catalog is queried by, and the prober's whole report as JSON. Evidence knows nothing of media;
/// the prober's name (with its version) says who wrote `facts` and in what shape.
public struct ClipMediaRow: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var clipID: String
    /// Who read the facts, e.g. `recgate-probe/1`.
    public var prober: String
    public var probedAt: Date
    public var format: String?
    /// Seconds, from the container.
    public var duration: Double?
    /// `ok`, `truncated` or `corrupt`.
    public var integrity: String
    public var creationTime: Date?
    /// The prober's full report, JSON.
    public var facts: String

    public init(id: String = UUID().uuidString.lowercased(), clipID: String, prober: String, probedAt: Date,
                format: String?, duration: Double?, integrity: String, creationTime: Date?, facts: String) {
        self.id = id
        self.clipID = clipID
        self.prober = prober
        self.probedAt = probedAt
        self.format = format
        self.duration = duration
        self.integrity = integrity
        self.creationTime = creationTime
        self.facts = facts
    }

    enum CodingKeys: String, CodingKey {
        case id
        case clipID = "clip_id"
        case prober
        case probedAt = "probed_at"
        case format, duration, integrity
        case creationTime = "creation_time"
        case facts
    }

    public enum Columns {
        public static let clipID = Column(CodingKeys.clipID)
        public static let prober = Column(CodingKeys.prober)
        public static let integrity = Column(CodingKeys.integrity)
    }
}

extension ClipMediaRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "clip_media"

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}
