import Foundation
import GRDB

extension Catalog {
    /// A device's offload sessions, oldest first.
    public func sessions(deviceID: String) throws -> [SessionRow] {
        try self.read("sessions(deviceID:)") { db in
            try SessionRow.filter(SessionRow.Columns.deviceID == deviceID)
                .order(SessionRow.Columns.startedAt, Column("rowid")).fetchAll(db)
        }
    }

    /// Every clip the device's sessions saw (one per sighting), by session and sequence number.
    public func sessionClips(deviceID: String) throws -> [SessionClip] {
        try self.read("sessionClips") { db in
            try SessionClip.fetchAll(db, sql: """
                SELECT s.session_id, c.id AS clip_id, c.source_name, s.size, c.sequence, c.locked, c.name_start,
                  (SELECT m.integrity FROM clip_media m WHERE m.clip_id = c.id
                   ORDER BY m.probed_at DESC, m.rowid DESC LIMIT 1) AS integrity
                FROM sighting s JOIN clip c ON c.id = s.clip_id
                WHERE s.device_id = ?
                ORDER BY s.session_id, c.sequence, c.source_name
                """, arguments: [deviceID])
        }
    }
}
