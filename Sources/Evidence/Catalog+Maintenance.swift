import Foundation
import GRDB

// What the gateway's background work reads from the catalog: the clips that have no derived file yet
// (so a restart finds the work a stop left), and when the store was last re-verified.

extension Catalog {
    /// Clips of `kinds` (`video` …) with no derived file of `derivedKinds` (`faststart`, `proxy`) linked
    /// to them, oldest first.
    ///
    /// `storedAfter`: only clips stored after that mark (``newestClipMark()``), for a look at what is new.
    public func clipsWithoutDerived(kinds: [String], derivedKinds: [String], storedAfter mark: Int64 = 0) throws -> [ClipRow] {
        guard !kinds.isEmpty else { return [] }
        let kindMarks = kinds.map { _ in "?" }.joined(separator: ", ")
        let derivedMarks = derivedKinds.isEmpty ? "NULL" : derivedKinds.map { _ in "?" }.joined(separator: ", ")
        return try self.read("clipsWithoutDerived") { db in
            try ClipRow.fetchAll(db, sql: """
                SELECT c.* FROM clip c
                WHERE c.rowid > ? AND c.kind IN (\(kindMarks)) AND NOT EXISTS (
                    SELECT 1 FROM derived d WHERE d.source_clip_id = c.id AND d.kind IN (\(derivedMarks)))
                ORDER BY c.created_at, c.id
                """, arguments: StatementArguments([mark] + kinds + derivedKinds))
        }
    }

    /// A mark of the newest clip stored (0 for none): clips stored later have a greater one. The table's
    /// row numbers, which only grow, since clip rows are never deleted; a mark stays inside the process
    /// that read it and never names a clip.
    public func newestClipMark() throws -> Int64 {
        try self.read("newestClipMark") { db in try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(rowid), 0) FROM clip") ?? 0 }
    }

    /// The newest audit entry of `action`, if any.
    public func latestAuditEntry(action: String) throws -> AuditEntry? {
        try self.read("latestAuditEntry") { db in
            try AuditEntry.filter(AuditEntry.Columns.action == action)
                .order(AuditEntry.Columns.seq.desc).fetchOne(db)
        }
    }
}
