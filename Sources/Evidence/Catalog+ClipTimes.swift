import Foundation
import GRDB

extension Catalog {
    /// Recomputes a clip's device-clock interval from the clip row and its latest media facts.
    /// Called in the transaction that stores the clip or records its media facts.
    ///
    /// The start is the first of: the time in the file name; the file-system time minus the
    /// container's duration (recorders stamp the FAT time at the end); the container's creation
    /// time; the file-system time. The end is the start plus the duration, else the file-system
    /// time when it is later, else the start.
    static func refreshClipTime(_ db: Database, clipID: String) throws {
        guard let clip = try ClipRow.fetchOne(db, key: clipID),
              let serial = try String.fetchOne(db, sql: "SELECT serial FROM device WHERE id = ?", arguments: [clip.deviceID])
        else { return }
        let media = try ClipMediaRow.filter(ClipMediaRow.Columns.clipID == clipID)
            .order(Column("probed_at").desc).fetchOne(db)
        let duration = media?.duration.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }

        let start: Date
        let source: String
        if let name = clip.nameStart {
            (start, source) = (name, "name")
        } else if let fs = clip.fsMtime, let duration {
            (start, source) = (fs.addingTimeInterval(-duration), "fs_minus_duration")
        } else if let created = media?.creationTime {
            (start, source) = (created, "container")
        } else if let fs = clip.fsMtime {
            (start, source) = (fs, "fs")
        } else {
            return  // no time at all: the clip cannot be placed, and compliance reports it unmatched
        }
        var end = start
        if let duration { end = start.addingTimeInterval(duration) }
        else if let fs = clip.fsMtime, fs > start { end = fs }

        let row = ClipTimeRow(
            clipID: clipID, deviceSerial: serial, officer: clip.officer,
            startS: Int64(start.timeIntervalSince1970.rounded(.down)),
            endS: Int64(end.timeIntervalSince1970.rounded(.up)), startSource: source, sequence: clip.sequence)
        try row.save(db)  // insert or replace: the bound triggers keep the longest clip per device
    }

    /// Every clip of `deviceSerials` whose device-clock interval overlaps `[from, to]` (Unix seconds),
    /// by start. One index range per device: starts in `[from - longest clip of the device, to]`.
    public func clipFacts(deviceSerials: Set<String>, from: Int64, to: Int64) throws -> [ClipFacts] {
        guard !deviceSerials.isEmpty, from <= to else { return [] }
        return try self.read("clipFacts") { db in
            var all: [ClipFacts] = []
            for serial in deviceSerials.sorted() {
                guard let longest = try Int64.fetchOne(
                    db, sql: "SELECT longest_s FROM clip_time_bound WHERE device_serial = ?", arguments: [serial])
                else { continue }
                let times = try ClipTimeRow.fetchAll(db, sql: """
                    SELECT * FROM clip_time
                    WHERE device_serial = ? AND start_s BETWEEN ? AND ? AND end_s >= ?
                    ORDER BY start_s
                    """, arguments: [serial, from - longest, to, from])
                for time in times { all.append(try Self.facts(db, time: time)) }
            }
            return all.sorted { ($0.time.startS, $0.clip.id) < ($1.time.startS, $1.clip.id) }
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
