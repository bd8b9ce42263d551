import Foundation
import GRDB

/// A file made from a stored clip (table `derived`): a faststart copy, a review proxy, a contact
/// sheet or a recovered clip, with its own digest and the recipe that made it.
public struct DerivedRow: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var sourceClipID: String
    /// `faststart`, `proxy`, `contact_sheet`, `recovered`.
    public var kind: String
    public var sha256: String
    public var size: Int64
    /// Where the file was written.
    public var path: String
    /// How it was made, e.g. `proxy h264 veryfast crf28 640x360 aac 64k faststart`.
    public var recipe: String
    public var actor: String
    public var createdAt: Date

    public init(id: String = UUID().uuidString.lowercased(), sourceClipID: String, kind: String, sha256: String,
                size: Int64, path: String, recipe: String, actor: String, createdAt: Date) {
        self.id = id
        self.sourceClipID = sourceClipID
        self.kind = kind
        self.sha256 = sha256
        self.size = size
        self.path = path
        self.recipe = recipe
        self.actor = actor
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case sourceClipID = "source_clip_id"
        case kind, sha256, size, path, recipe, actor
        case createdAt = "created_at"
    }

    public enum Columns {
        public static let sourceClipID = Column(CodingKeys.sourceClipID)
        public static let createdAt = Column(CodingKeys.createdAt)
    }
}

extension DerivedRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "derived"

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}

extension Catalog {
    /// Records a derived file with a `derived.made` audit entry, in one transaction.
    @discardableResult
    public func recordDerived(_ row: DerivedRow) throws -> DerivedRow {
        try self.write("recordDerived") { db in
            guard let clip = try ClipRow.fetchOne(db, key: row.sourceClipID) else {
                throw Self.notFound("clip \(row.sourceClipID)", operation: "recordDerived")
            }
            try row.insert(db)
            var detail = AuditDetail()
            detail.set("kind", row.kind)
            detail.set("source_sha256", clip.sha256)
            detail.set("recipe", row.recipe)
            detail.set("path", row.path)
            _ = try Self.appendAudit(
                db, actor: row.actor, action: "derived.made", object: "derived:\(row.id)",
                digest: row.sha256, detail: detail.json, at: row.createdAt)
            return row
        }
    }

    /// The files made from a clip, oldest first.
    public func derived(clipID: String) throws -> [DerivedRow] {
        try self.read("derived") { db in
            try DerivedRow.filter(DerivedRow.Columns.sourceClipID == clipID)
                .order(DerivedRow.Columns.createdAt).fetchAll(db)
        }
    }

    /// The sha256 of every derived file: a file of the store named by one is accounted for.
    public func derivedDigests() throws -> Set<String> {
        try self.read("derivedDigests") { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM derived"))
        }
    }
}
