import Foundation
import GRDB

// The audit log against the rows it records. A chain that verifies proves no entry was altered
// in place; it cannot prove none was removed once the attacker rebuilt the chain after the
// removal (and rewrote the anchor). The rows can: each was inserted in one transaction with its
// entry, and none is ever deleted. What every row kind must have:
//
//   clip               one `clip.stored` with the clip's sha256     (recordVerified)
//   offload_session    `offload.begin`; `offload.end` once ended     (beginSession, finishSession,
//                                                                     interruptRunningSessions)
//   sighting released  `device.release`                              (markReleased)
//   device             `device.register`                             (upsertDevice)
//   derived            `derived.made`                                (recordDerived)
//   clip_media         `clip.probed`                                 (recordMedia)
//   account            `account.added`; `account.disabled` if so     (AccountRows)
//
// and the other way, every entry of these actions names a row that exists.

extension Catalog {
    /// Clip rows without their `clip.stored` entry and `clip.stored` entries without their clip
    /// row (or with another sha256): what `recgate verify` checks besides the bytes.
    public func clipAuditGaps() throws -> [AuditGap] {
        try self.read("clipAuditGaps") { db in try Self.clipGaps(db) }
    }

    /// Every disagreement between the log and the rows, clips first.
    static func auditCoverage(_ db: Database) throws -> [AuditGap] {
        var gaps = try clipGaps(db)
        for rule in Self.rowsNeedingEntries {
            let rows = try Row.fetchAll(db, sql: """
                SELECT t.\(rule.key) AS key FROM \(rule.table) t
                WHERE \(rule.condition) AND NOT EXISTS (
                    SELECT 1 FROM audit a WHERE a.object = '\(rule.prefix):' || t.\(rule.objectKey) AND a.action = ?)
                ORDER BY t.\(rule.key)
                """, arguments: [rule.action])
            gaps += rows.map { AuditGap(kind: .missingEntry, action: rule.action, object: "\(rule.prefix):\($0["key"] as String)") }
        }
        for rule in Self.entriesNamingRows {
            let actions = rule.actions.map { "'\($0)'" }.joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.seq, a.action, a.object FROM audit a
                WHERE a.action IN (\(actions)) AND NOT EXISTS (
                    SELECT 1 FROM \(rule.table) t WHERE t.\(rule.key) = substr(a.object, \(rule.prefix.utf8.count + 2)))
                ORDER BY a.seq
                """)
            gaps += rows.map { AuditGap(kind: .missingRow, action: $0["action"], object: $0["object"], seq: $0["seq"]) }
        }
        return gaps
    }

    private static func clipGaps(_ db: Database) throws -> [AuditGap] {
        var gaps: [AuditGap] = []
        let unaudited = try Row.fetchAll(db, sql: """
            SELECT c.id, c.sha256 FROM clip c
            WHERE NOT EXISTS (
                SELECT 1 FROM audit a WHERE a.object = 'clip:' || c.id AND a.action = 'clip.stored' AND a.digest = c.sha256)
            ORDER BY c.created_at, c.id
            """)
        gaps += unaudited.map {
            AuditGap(kind: .missingEntry, action: "clip.stored", object: "clip:\($0["id"] as String)", sha256: $0["sha256"])
        }
        let rowless = try Row.fetchAll(db, sql: """
            SELECT a.seq, a.object, a.digest FROM audit a
            WHERE a.action = 'clip.stored' AND NOT EXISTS (
                SELECT 1 FROM clip c WHERE c.id = substr(a.object, 6) AND c.sha256 = a.digest)
            ORDER BY a.seq
            """)
        gaps += rowless.map {
            AuditGap(kind: .missingRow, action: "clip.stored", object: $0["object"], seq: $0["seq"], sha256: $0["digest"])
        }
        let repeated = try Row.fetchAll(db, sql: """
            SELECT a.seq, a.object, a.digest FROM audit a
            WHERE a.action = 'clip.stored'
              AND EXISTS (SELECT 1 FROM audit b WHERE b.object = a.object AND b.action = 'clip.stored' AND b.seq < a.seq)
            ORDER BY a.seq
            """)
        gaps += repeated.map {
            AuditGap(kind: .duplicateEntry, action: "clip.stored", object: $0["object"], seq: $0["seq"], sha256: $0["digest"])
        }
        return gaps
    }

    /// Rows that are written with an entry of `action` about `prefix:<objectKey>`, where `condition` holds.
    private struct RowRule {
        var table: String
        var key: String
        var objectKey: String
        var prefix: String
        var action: String
        var condition = "1"
    }

    private static let rowsNeedingEntries: [RowRule] = [
        RowRule(table: "offload_session", key: "id", objectKey: "id", prefix: "session", action: "offload.begin"),
        RowRule(table: "offload_session", key: "id", objectKey: "id", prefix: "session", action: "offload.end",
                condition: "t.status <> 'running'"),
        RowRule(table: "sighting", key: "id", objectKey: "id", prefix: "sighting", action: "device.release",
                condition: "t.released_at IS NOT NULL"),
        RowRule(table: "device", key: "id", objectKey: "id", prefix: "device", action: "device.register"),
        RowRule(table: "derived", key: "id", objectKey: "id", prefix: "derived", action: "derived.made"),
        RowRule(table: "clip_media", key: "clip_id", objectKey: "clip_id", prefix: "clip", action: "clip.probed"),
        RowRule(table: "device_condition", key: "id", objectKey: "id", prefix: "condition", action: "device.condition"),
        RowRule(table: "account", key: "name", objectKey: "name", prefix: "account", action: "account.added"),
        RowRule(table: "account", key: "name", objectKey: "name", prefix: "account", action: "account.disabled",
                condition: "t.disabled_at IS NOT NULL"),
    ]

    /// Entries of `actions` are about `prefix:<key of a row of table>`. (`clock.observed` and `custody.*`
    /// name a device by its serial, which need not be a registered device: not checked.)
    private struct EntryRule {
        var actions: [String]
        var prefix: String
        var table: String
        var key: String
    }

    private static let entriesNamingRows: [EntryRule] = [
        EntryRule(actions: ["clip.sighted", "clip.probed"], prefix: "clip", table: "clip", key: "id"),
        EntryRule(actions: ["offload.begin", "offload.end", "clip.failed"], prefix: "session", table: "offload_session", key: "id"),
        EntryRule(actions: ["device.release"], prefix: "sighting", table: "sighting", key: "id"),
        EntryRule(actions: ["device.register", "device.update"], prefix: "device", table: "device", key: "id"),
        EntryRule(actions: ["derived.made"], prefix: "derived", table: "derived", key: "id"),
        EntryRule(actions: ["device.condition"], prefix: "condition", table: "device_condition", key: "id"),
        EntryRule(actions: ["case.import", "case.update"], prefix: "case", table: "case_file", key: "case_id"),
        EntryRule(actions: ["account.added", "account.password_changed", "account.disabled"], prefix: "account",
                  table: "account", key: "name"),
    ]
}
