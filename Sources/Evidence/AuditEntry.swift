import Foundation
import GRDB

/// One entry of the append-only, hash-chained audit log. Table `audit`.
///
/// `seq` numbers entries 1, 2, 3… with no gaps; it is the order in which replication reads
/// the log as its outbox. Every other identifier in an entry is global (UUIDs, digests).
/// See `AuditEntry+Hash.swift` for what `hash` covers.
public struct AuditEntry: Codable, Sendable, Hashable, Identifiable {
    public var seq: Int
    /// A UUID, global across gateways.
    public var id: String
    public var at: Date
    /// Who did it: a user, or the gateway component acting on its own.
    public var actor: String
    /// What was done, e.g. `clip.stored`, `clip.sighted`, `clip.failed`, `offload.begin`,
    /// `offload.end`, `device.register`, `device.update`, `device.release`, `device.release_skipped`,
    /// `clip.repaired`.
    public var action: String
    /// What it was done to: `clip:<uuid>`, `session:<uuid>`, `device:<uuid>`, `sighting:<uuid>`.
    public var object: String
    /// The lowercase hex sha256 of the object's bytes when it has bytes, else `""`.
    public var digest: String
    /// A small JSON object with the particulars, or `""`.
    public var detail: String
    /// The previous entry's `hash`; 64 zeros for the first entry.
    public var prevHash: String
    public var hash: String

    public init(
        seq: Int, id: String, at: Date, actor: String, action: String, object: String,
        digest: String, detail: String, prevHash: String, hash: String
    ) {
        self.seq = seq
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.object = object
        self.digest = digest
        self.detail = detail
        self.prevHash = prevHash
        self.hash = hash
    }

    enum CodingKeys: String, CodingKey {
        case seq, id, at, actor, action, object, digest, detail
        case prevHash = "prev_hash"
        case hash
    }

    /// The table's columns, for requests (`filter`, `order`).
    public enum Columns {
        public static let seq = Column(CodingKeys.seq)
        public static let id = Column(CodingKeys.id)
        public static let at = Column(CodingKeys.at)
        public static let actor = Column(CodingKeys.actor)
        public static let action = Column(CodingKeys.action)
        public static let object = Column(CodingKeys.object)
        public static let digest = Column(CodingKeys.digest)
        public static let detail = Column(CodingKeys.detail)
        public static let prevHash = Column(CodingKeys.prevHash)
        public static let hash = Column(CodingKeys.hash)
    }
}

extension AuditEntry: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit"

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}
