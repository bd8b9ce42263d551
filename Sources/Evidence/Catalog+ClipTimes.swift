import DeviceKit
import Foundation
import GRDB

extension Catalog {
    /// Recomputes a clip's device-clock span from the clip row and its latest media facts. Called in
    /// the transaction that stores the clip or records its media facts, with the reading of the
    /// container time the clip supports (`containerReading`: false only in migrations before v8).
    static func refreshClipTime(_ db: Database, clipID: String, containerReading: Bool = true) throws {
        guard let clip = try ClipRow.fetchOne(db, key: clipID),
              let serial = try String.fetchOne(db, sql: "SELECT serial FROM device WHERE id = ?", arguments: [clip.deviceID])
        else { return }
        let media = try ClipMediaRow.filter(ClipMediaRow.Columns.clipID == clipID)
            .order(Column("probed_at").desc).fetchOne(db)
        if containerReading { try refreshContainerReading(db, clip: clip, deviceSerial: serial, media: media) }
        guard let row = ClipTimeRow(clip: clip, deviceSerial: serial, media: media) else {
            return  // no reading at all: the clip cannot be placed in time
        }
        try row.save(db)  // insert or replace: the bound triggers keep the longest span per device
    }

    /// Every clip of `deviceSerials`, or naming one of `officers`, whose device-clock span overlaps
    /// `[from, to]` (Unix seconds), by start. Two index ranges per device or officer: spans up to
    /// ``longSpan`` starting in `[from - longest, to]`, with the longest such span the catalog holds for
    /// the device (for an officer: of any device); and the few longer spans (readings that disagree by
    /// hours or years), from a partial index, starting before `to`.
    public func clipFacts(deviceSerials: Set<String>, officers: Set<String> = [], from: Int64, to: Int64) throws
        -> [ClipFacts]
    {
        guard from <= to, !(deviceSerials.isEmpty && officers.isEmpty) else { return [] }
        return try self.read("clipFacts") { db in
            var found: [String: ClipFacts] = [:]
            let byDevice = try db.cachedStatement(sql: Self.clipsByDeviceSQL)
            let longByDevice = try db.cachedStatement(sql: Self.longClipsByDeviceSQL)
            for serial in deviceSerials.sorted() {
                if let longest = try Int64.fetchOne(db.cachedStatement(sql: Self.clipBoundSQL), arguments: [serial]) {
                    for facts in try Self.facts(byDevice, arguments: [serial, from - longest, to, from]) { found[facts.time.clipID] = facts }
                }
                for facts in try Self.facts(longByDevice, arguments: [serial, to, from]) { found[facts.time.clipID] = facts }
            }
            if !officers.isEmpty {
                let longest = try Int64.fetchOne(db.cachedStatement(sql: Self.longestClipSQL))
                let byOfficer = try db.cachedStatement(sql: Self.clipsByOfficerSQL)
                let longByOfficer = try db.cachedStatement(sql: Self.longClipsByOfficerSQL)
                for officer in officers.sorted() {
                    if let longest {
                        for facts in try Self.facts(byOfficer, arguments: [officer, from - longest, to, from]) {
                            found[facts.time.clipID] = facts
                        }
                    }
                    for facts in try Self.facts(longByOfficer, arguments: [officer, to, from]) { found[facts.time.clipID] = facts }
                }
            }
            return found.values.sorted { ($0.time.startS, $0.time.clipID) < ($1.time.startS, $1.time.clipID) }
        }
    }

    /// Spans longer than this (seconds) are not counted in `clip_time_bound`: four hours, longer than any
    /// recorder's file. Such a span comes from readings that disagree (a clock reset during a recording
    /// gives one of decades); counted, it would make every interval query read the device's whole history.
    public static let longSpan: Int64 = 4 * 3600

    /// The clips of a device whose sequence number lies in `sequences`, from one offload session
    /// when given (a session sees the card as it was then), by sequence.
    public func clipFacts(deviceSerial: String, sessionID: String?, sequences: ClosedRange<Int>) throws -> [ClipFacts] {
        try self.read("clipFacts") { db in
            if let sessionID {
                return try Self.facts(db.cachedStatement(sql: Self.clipsBySequenceInSessionSQL),
                                      arguments: [deviceSerial, sequences.lowerBound, sequences.upperBound, sessionID])
            }
            return try Self.facts(db.cachedStatement(sql: Self.clipsBySequenceSQL),
                                  arguments: [deviceSerial, sequences.lowerBound, sequences.upperBound])
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

    /// A clip-time row joined with its clip and its latest media facts, one statement for all three
    /// (the `WHERE` follows). Matching reads many clips per case: one query per clip for the clip row
    /// and another for its media tripled the statements a check runs.
    static let factsSQL = """
        SELECT t.clip_id, t.device_serial, t.officer, t.start_s, t.end_s, t.start_source, t.sequence, t.session_id,
          c.sha256, c.sm3, c.size, c.kind, c.store_path, c.status, c.device_id, c.source_path, c.source_name,
          c.fs_mtime_raw, c.fs_mtime, c.name_start_raw, c.name_start, c.time_zone, c.serial_from_name, c.locked,
          c.created_at, c.verified_at, m.duration, m.creation_time, m.integrity, h.utc_clips, h.local_digit_clips
        FROM clip_time t
        JOIN clip c ON c.id = t.clip_id
        LEFT JOIN device_time_habit h ON h.device_serial = t.device_serial
        LEFT JOIN clip_media m ON m.rowid = (
          SELECT rowid FROM clip_media WHERE clip_id = t.clip_id ORDER BY probed_at DESC LIMIT 1)

        """

    /// Clips of a device whose span overlaps `[from, to]`: device, `from - longest`, `to`, `from`.
    static let clipsByDeviceSQL = factsSQL + "WHERE t.device_serial = ? AND t.start_s BETWEEN ? AND ? AND t.end_s >= ?"
    /// Clips naming an officer, likewise.
    static let clipsByOfficerSQL = factsSQL + "WHERE t.officer = ? AND t.start_s BETWEEN ? AND ? AND t.end_s >= ?"
    static let clipsBySequenceSQL = factsSQL + "WHERE t.device_serial = ? AND t.sequence BETWEEN ? AND ? ORDER BY t.sequence"
    static let clipsBySequenceInSessionSQL = factsSQL
        + "WHERE t.device_serial = ? AND t.sequence BETWEEN ? AND ? AND t.session_id = ? ORDER BY t.sequence"
    /// Clips of a device with a span longer than ``longSpan`` overlapping `[from, to]`: device, `to`, `from`.
    /// (The condition repeats the partial index's so that SQLite uses it.)
    static let longClipsByDeviceSQL = factsSQL
        + "WHERE t.device_serial = ? AND t.end_s - t.start_s > \(longSpan) AND t.start_s <= ? AND t.end_s >= ?"
    static let longClipsByOfficerSQL = factsSQL
        + "WHERE t.officer = ? AND t.end_s - t.start_s > \(longSpan) AND t.start_s <= ? AND t.end_s >= ?"
    /// A device's longest clip span up to ``longSpan``, and the longest of any device.
    static let clipBoundSQL = "SELECT longest_s FROM clip_time_bound WHERE device_serial = ?"
    static let longestClipSQL = "SELECT MAX(longest_s) FROM clip_time_bound"

    /// The rows of a statement made from ``factsSQL``, read by column position from the statement as it
    /// steps (decoding each row through `Codable` cost more than the query, and copying each row first
    /// half as much again).
    static func facts(_ statement: Statement, arguments: StatementArguments) throws -> [ClipFacts] {
        var found: [ClipFacts] = []
        try forEachFacts(statement, arguments: arguments) { found.append($0) }
        return found
    }

    /// Each row of a ``factsSQL`` statement, decoded and handed to `body`.
    static func forEachFacts(_ statement: Statement, arguments: StatementArguments, _ body: (ClipFacts) throws -> Void) throws {
        func date(_ row: Row, _ index: Int) -> Date? {
            (row[index] as String?).flatMap(RFC3339.date(from:))
        }
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            try body(try facts(row, date: date))
        }
    }

    /// One row of ``factsSQL``, valid only until the cursor moves.
    private static func facts(_ row: Row, date: (Row, Int) -> Date?) throws -> ClipFacts {
        let time = ClipTimeRow(
            clipID: row[0], deviceSerial: row[1], officer: row[2], startS: row[3], endS: row[4], startSource: row[5],
            sequence: row[6], sessionID: row[7])
        guard let status = ClipStatus(rawValue: row[13]), let createdAt = date(row, 24), let verifiedAt = date(row, 25) else {
            throw notFound("readable clip \(time.clipID)", operation: "clipFacts")
        }
        let clip = ClipRow(
            id: time.clipID, sha256: row[8], sm3: row[9], size: row[10], kind: row[11], storePath: row[12], status: status,
            deviceID: row[14], sessionID: time.sessionID, sourcePath: row[15], sourceName: row[16], fsMtimeRaw: row[17],
            fsMtime: date(row, 18), nameStartRaw: row[19], nameStart: date(row, 20), timeZone: row[21],
            serialFromName: row[22], officer: time.officer, sequence: time.sequence, locked: row[23], createdAt: createdAt,
            verifiedAt: verifiedAt)
        var facts = ClipFacts(clip: clip, time: time, duration: row[26], creationTime: date(row, 27), integrity: row[28])
        if let utc: Int = row[29], let local: Int = row[30] {
            facts.containerReading = DeviceTimeHabit.reading(utcClips: utc, localDigitClips: local)
        }
        return facts
    }
}
