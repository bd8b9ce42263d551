import Foundation
import GRDB

extension Catalog {
    /// Records a prober's facts about a stored clip, with a `clip.probed` audit entry, in one
    /// transaction. The same prober recording the same clip again changes nothing.
    @discardableResult
    public func recordMedia(_ row: ClipMediaRow, actor: String) throws -> ClipMediaRow {
        try self.write("recordMedia") { db in
            guard let clip = try ClipRow.fetchOne(db, key: row.clipID) else {
                throw Self.notFound("clip \(row.clipID)", operation: "recordMedia")
            }
            if let existing = try ClipMediaRow
                .filter(ClipMediaRow.Columns.clipID == row.clipID && ClipMediaRow.Columns.prober == row.prober)
                .fetchOne(db)
            {
                return existing
            }
            try row.insert(db)
            try Self.refreshClipTime(db, clipID: clip.id)  // the duration places the clip's end
            var detail = AuditDetail()
            detail.set("prober", row.prober)
            detail.set("integrity", row.integrity)
            _ = try Self.appendAudit(
                db, actor: actor, action: "clip.probed", object: "clip:\(clip.id)",
                digest: clip.sha256, detail: detail.json, at: row.probedAt)
            return row
        }
    }

    /// Every prober's facts about a clip, oldest first.
    public func media(clipID: String) throws -> [ClipMediaRow] {
        try self.read("media") { db in
            try ClipMediaRow.filter(ClipMediaRow.Columns.clipID == clipID)
                .order(Column("probed_at")).fetchAll(db)
        }
    }
}
