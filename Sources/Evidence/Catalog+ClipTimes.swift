import Foundation
import GRDB

extension Catalog {
    /// Recomputes a clip's device-clock span from the clip row and its latest media facts. Called in
    /// the transaction that stores the clip or records its media facts.
    static func refreshClipTime(_ db: Database, clipID: String) throws {
        guard let clip = try ClipRow.fetchOne(db, key: clipID),
              let serial = try String.fetchOne(db, sql: "SELECT serial FROM device WHERE id = ?", arguments: [clip.deviceID])
        else { return }
        let media = try ClipMediaRow.filter(ClipMediaRow.Columns.clipID == clipID)
            .order(Column("probed_at").desc).fetchOne(db)
        guard let row = ClipTimeRow(clip: clip, deviceSerial: serial, media: media) else {
            return  // no reading at all: the clip cannot be placed in time
        }
        try row.save(db)  // insert or replace: the bound triggers keep the longest span per device
    }

    /// Every clip of `deviceSerials`, or naming one of `officers`, whose device-clock span overlaps
    /// `[from, to]` (Unix seconds), by start. One index range per device or officer: starts in
    /// `[from - longest span, to]`, with the longest span the catalog holds for the device (for an
    /// officer: of any device).
    public func clipFacts(deviceSerials: Set<String>, officers: Set<String> = [], from: Int64, to: Int64) throws
        -> [ClipFacts]
    {
        guard from <= to, !(deviceSerials.isEmpty && officers.isEmpty) else { return [] }
        return try self.read("clipFacts") { db in
            var times: [String: ClipTimeRow] = [:]
            for serial in deviceSerials.sorted() {
                guard let longest = try Int64.fetchOne(
                    db, sql: "SELECT longest_s FROM clip_time_bound WHERE device_serial = ?", arguments: [serial])
                else { continue }
                for time in try ClipTimeRow.fetchAll(db, sql: """
                    SELECT * FROM clip_time WHERE device_serial = ? AND start_s BETWEEN ? AND ? AND end_s >= ?
                    """, arguments: [serial, from - longest, to, from]) { times[time.clipID] = time }
            }
            if !officers.isEmpty, let longest = try Int64.fetchOne(db, sql: "SELECT MAX(longest_s) FROM clip_time_bound") {
                for officer in officers.sorted() {
                    for time in try ClipTimeRow.fetchAll(db, sql: """
                        SELECT * FROM clip_time WHERE officer = ? AND start_s BETWEEN ? AND ? AND end_s >= ?
                        """, arguments: [officer, from - longest, to, from]) { times[time.clipID] = time }
                }
            }
            return try times.values.sorted { ($0.startS, $0.clipID) < ($1.startS, $1.clipID) }
                .map { try Self.facts(db, time: $0) }
        }
    }

    /// The clips of a device whose sequence number lies in `sequences`, from one offload session
    /// when given (a session sees the card as it was then), by sequence.
    public func clipFacts(deviceSerial: String, sessionID: String?, sequences: ClosedRange<Int>) throws -> [ClipFacts] {
        try self.read("clipFacts") { db in
            var sql = "SELECT * FROM clip_time WHERE device_serial = ? AND sequence BETWEEN ? AND ?"
            var arguments: StatementArguments = [deviceSerial, sequences.lowerBound, sequences.upperBound]
            if let sessionID {
                sql += " AND session_id = ?"
                arguments += [sessionID]
            }
            return try ClipTimeRow.fetchAll(db, sql: sql + " ORDER BY sequence", arguments: arguments)
                .map { try Self.facts(db, time: $0) }
        }
    }

    /// The lowest and highest sequence number the catalog holds for a device: loop recording
    /// overwrites the oldest files, so a gap below the lowest is expected and one inside is not.
    public func sequenceRange(deviceSerial: String) throws -> ClosedRange<Int>? {
        try self.read("sequenceRange") { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT MIN(sequence) AS lo, MAX(sequence) AS hi FROM clip_time
                WHERE device_serial = ? AND sequence IS NOT NULL
                """, arguments: [deviceSerial])
            guard let lo: Int = row?["lo"], let hi: Int = row?["hi"] else { return nil }
            return lo...hi
        }
    }

    /// A clip-time row joined with its clip and latest media facts.
    static func facts(_ db: Database, time: ClipTimeRow) throws -> ClipFacts {
        guard let clip = try ClipRow.fetchOne(db, key: time.clipID) else {
            throw notFound("clip \(time.clipID)", operation: "clipFacts")
        }
        let media = try ClipMediaRow.filter(ClipMediaRow.Columns.clipID == time.clipID)
            .order(Column("probed_at").desc).fetchOne(db)
        return ClipFacts(clip: clip, time: time, duration: media?.duration, creationTime: media?.creationTime,
                         integrity: media?.integrity)
    }
}
