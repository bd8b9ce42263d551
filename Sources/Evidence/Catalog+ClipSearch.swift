import DeviceKit
import Foundation
import GRDB

/// Which clips an interval query over device-clock spans reads: one device's, one officer's, or all.
public enum ClipScope: Sendable, Hashable {
    case all
    case device(String)
    case officer(String)
}

extension Catalog {
    /// The clips of `scope` whose device-clock span overlaps one of `ranges` (Unix seconds, end points
    /// included), each once. The interval trick of ``clipFacts(deviceSerials:officers:from:to:)``: spans
    /// up to ``longSpan`` starting in `[lower - longest, upper]` (longest: the device's, else of any
    /// device), and the few longer spans from their partial index.
    ///
    /// `startingIn`: only clips whose start can lie in a range: a clip starts at one of its readings, and
    /// each reading's start plus the duration is at most the span's end, so a span ending less than its
    /// duration after a range's start holds no start in it. Most of an interval's spans began before it;
    /// they are left out before they are read.
    public func clipFacts(scope: ClipScope, overlapping ranges: [ClosedRange<Int64>], startingIn: Bool = false) throws
        -> [ClipFacts]
    {
        guard !ranges.isEmpty else { return [] }
        return try self.read("clipFacts") { db in
            let key: String?, longest: Int64?, short: Statement, long: Statement
            switch scope {
            case .all:
                key = nil
                longest = try Int64.fetchOne(db.cachedStatement(sql: Self.longestClipSQL))
                short = try db.cachedStatement(sql: Self.clipsByStartSQL + (startingIn ? Self.startsInRange : ""))
                long = try db.cachedStatement(sql: Self.longClipsByStartSQL + (startingIn ? Self.startsInRange : ""))
            case .device(let serial):
                key = serial
                longest = try Int64.fetchOne(db.cachedStatement(sql: Self.clipBoundSQL), arguments: [serial])
                short = try db.cachedStatement(sql: Self.clipsByDeviceSQL + (startingIn ? Self.startsInRange : ""))
                long = try db.cachedStatement(sql: Self.longClipsByDeviceSQL + (startingIn ? Self.startsInRange : ""))
            case .officer(let officer):
                key = officer
                longest = try Int64.fetchOne(db.cachedStatement(sql: Self.longestClipSQL))
                short = try db.cachedStatement(sql: Self.clipsByOfficerSQL + (startingIn ? Self.startsInRange : ""))
                long = try db.cachedStatement(sql: Self.longClipsByOfficerSQL + (startingIn ? Self.startsInRange : ""))
            }
            var seen: Set<String> = []
            var found: [ClipFacts] = []
            func add(_ rows: [ClipFacts]) {
                for facts in rows where seen.insert(facts.time.clipID).inserted { found.append(facts) }
            }
            for range in ranges {
                let head: [DatabaseValueConvertible] = key.map { [$0] } ?? []
                let tail: [DatabaseValueConvertible] = startingIn ? [range.lowerBound] : []
                if let longest {
                    add(try Self.facts(short, arguments: StatementArguments(
                        head + [range.lowerBound - longest, range.upperBound, range.lowerBound] + tail)))
                }
                add(try Self.facts(long, arguments: StatementArguments(head + [range.upperBound, range.lowerBound] + tail)))
            }
            return found
        }
    }

    /// How many spans of `scope` up to ``longSpan`` start in `[lower - longest, upper]` of the ranges, counted up to
    /// `limit` (an index range each, nothing else read): what a window of a search would read, asked
    /// before it is read so that a window over far more clips than a page needs can be narrowed first.
    public func clipCount(scope: ClipScope, overlapping ranges: [ClosedRange<Int64>], limit: Int) throws -> Int {
        try self.read("clipCount") { db in
            let (key, longest, sql): (String?, Int64?, String) = switch scope {
            case .all: (nil, try Int64.fetchOne(db.cachedStatement(sql: Self.longestClipSQL)), Self.countByStartSQL)
            case .device(let serial):
                (serial, try Int64.fetchOne(db.cachedStatement(sql: Self.clipBoundSQL), arguments: [serial]), Self.countByDeviceSQL)
            case .officer(let officer): (officer, try Int64.fetchOne(db.cachedStatement(sql: Self.longestClipSQL)), Self.countByOfficerSQL)
            }
            guard let longest else { return 0 }
            var count = 0
            for range in ranges where count < limit {
                let head: [DatabaseValueConvertible] = key.map { [$0] } ?? []
                // All devices: only spans still running at the range's start (the start index holds the end).
                let end: [DatabaseValueConvertible] = key == nil ? [range.lowerBound] : []
                count += try Int.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(
                    head + [range.lowerBound - longest, range.upperBound] + end + [limit - count])) ?? 0
            }
            return count
        }
    }

    /// The clips with these ids that have a device-clock span (a clip no reading places in time has none).
    public func clipFacts(ids: [String]) throws -> [ClipFacts] {
        try self.read("clipFacts") { db in
            let statement = try db.cachedStatement(sql: Self.clipByIDSQL)
            return try ids.flatMap { try Self.facts(statement, arguments: [$0]) }
        }
    }

    /// The clips with these ids that have a device-clock span, in one statement (in no particular order).
    public func clipFacts(batch ids: [String]) throws -> [ClipFacts] {
        guard !ids.isEmpty else { return [] }
        let list = Self.jsonList(ids)
        return try self.read("clipFacts") { db in
            try Self.facts(db.cachedStatement(sql: Self.clipsByIDListSQL), arguments: [list])
        }
    }

    /// How many sightings each clip has and how many were released, for many clips in one statement
    /// (a clip with none is absent).
    public func sightingCounts(clipIDs ids: [String]) throws -> [String: (sightings: Int, released: Int)] {
        guard !ids.isEmpty else { return [:] }
        let list = Self.jsonList(ids)
        return try self.read("sightingCounts") { db in
            var counts: [String: (sightings: Int, released: Int)] = [:]
            let rows = try Row.fetchCursor(db.cachedStatement(sql: Self.sightingCountsByListSQL), arguments: [list])
            while let row = try rows.next() { counts[row[0]] = (row[1], row[2]) }
            return counts
        }
    }

    /// A list of values as one statement argument (a JSON array, read back with `json_each`). Written by
    /// hand: Foundation's encoder cost more than the query it feeds.
    static func jsonList(_ values: [String]) -> String {
        var text = "["
        for (n, value) in values.enumerated() {
            if n > 0 { text += "," }
            text += "\""
            if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
                text += value + "\""
                continue
            }
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case _ where scalar.value < 0x20: text += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                default: text.unicodeScalars.append(scalar)
                }
            }
            text += "\""
        }
        return text + "]"
    }

    /// The earliest start and the latest end of the scope's device-clock spans; nil when it has none.
    public func clipTimeExtent(scope: ClipScope) throws -> ClosedRange<Int64>? {
        try self.read("clipTimeExtent") { db in
            let arguments: StatementArguments = switch scope {
            case .all: []
            case .device(let serial): [serial]
            case .officer(let officer): [officer]
            }
            guard let first = try Int64.fetchOne(db.cachedStatement(sql: Self.edgeStartSQL(scope, latest: false)), arguments: arguments),
                  let last = try Int64.fetchOne(db.cachedStatement(sql: Self.edgeStartSQL(scope, latest: true)), arguments: arguments)
            else { return nil }
            // Ends: the latest start plus the longest short span, or a long span's end.
            let longest = try Int64.fetchOne(db.cachedStatement(sql: Self.longestClipSQL)) ?? 0
            let longEnd = try Int64.fetchOne(db.cachedStatement(sql: Self.longestEndSQL)) ?? last
            return first...max(last + longest, longEnd)
        }
    }

    /// The serials of the devices an officer's clips came from.
    public func clipDeviceSerials(officer: String) throws -> [String] {
        try self.read("clipDeviceSerials") { db in
            try String.fetchAll(db.cachedStatement(sql: Self.officerDevicesSQL), arguments: [officer])
        }
    }

    /// The serial of every device with a clip span, and of every registered device.
    public func deviceSerials() throws -> [String] {
        try self.read("deviceSerials") { db in
            try String.fetchAll(db, sql: "SELECT serial FROM device UNION SELECT device_serial FROM clip_time_bound ORDER BY 1")
        }
    }

    /// Clips by when they were stored, after `cursor` (created_at text and id) in the order asked, at most
    /// `limit`: id and created_at. `deviceID`/`officer` narrow through their indexes.
    public func clipIDsByStored(deviceID: String?, officer: String?, after cursor: (createdAt: String, id: String)?,
                                descending: Bool, limit: Int) throws -> [(id: String, createdAt: String)] {
        try self.read("clipIDsByStored") { db in
            var arguments: [DatabaseValueConvertible] = []
            if let deviceID { arguments.append(deviceID) }
            if let officer { arguments.append(officer) }
            if let cursor { arguments += [cursor.createdAt, cursor.id] }
            arguments.append(limit)
            let sql = Self.clipsByStoredSQL(device: deviceID != nil, officer: officer != nil, cursor: cursor != nil, descending: descending)
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments)).map { ($0[0], $0[1]) }
        }
    }

    /// How many sightings a clip has and how many of them were released.
    public func sightingCounts(clipID: String) throws -> (sightings: Int, released: Int) {
        try self.read("sightingCounts") { db in
            let row = try Row.fetchOne(db.cachedStatement(sql: Self.sightingCountsSQL), arguments: [clipID])
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    /// Clip ids whose sha256 starts with `prefix` (lowercase hex), at most `limit`.
    public func clipIDs(sha256Prefix prefix: String, limit: Int) throws -> [String] {
        try self.read("clipIDs") { db in
            try String.fetchAll(db.cachedStatement(
                sql: "SELECT id FROM clip WHERE sha256 >= ? AND sha256 < ? ORDER BY sha256 LIMIT ?"),
                arguments: [prefix, prefix + "g", limit])
        }
    }

    /// The audit entries naming a clip (object `clip:<id>`) or its bytes (digest), oldest first.
    public func auditEntries(clipID: String, sha256: String) throws -> [AuditEntry] {
        try self.read("auditEntries") { db in
            try AuditEntry.fetchAll(db.cachedStatement(sql: Self.clipAuditSQL), arguments: ["clip:\(clipID)", sha256])
        }
    }

    /// Every clock observation, by device and gateway time: all devices' readings in one read.
    public func clockObservations() throws -> [ClockObservationRow] {
        try self.read("clockObservations") { db in
            try ClockObservationRow.fetchAll(db, sql: "SELECT * FROM clock_observation ORDER BY device_serial, gateway_s")
        }
    }

    /// Appends `clip.viewed`: `actor` read the clip's full record (reading evidence is an access to it).
    @discardableResult
    public func auditClipViewed(clipID: String, sha256: String, actor: String, at: Date) throws -> AuditEntry {
        try appendAudit(actor: actor, action: "clip.viewed", object: "clip:\(clipID)", digest: sha256, detail: "", at: at)
    }

    /// Clips whose span overlaps `[from, to]`, any device: `from - longest`, `to`, `from`.
    static let clipsByStartSQL = factsSQL + "WHERE t.start_s BETWEEN ? AND ? AND t.end_s >= ?"
    /// Spans longer than ``longSpan`` overlapping `[from, to]`, any device: `to`, `from`.
    static let longClipsByStartSQL = factsSQL
        + "WHERE t.end_s - t.start_s > \(longSpan) AND t.start_s <= ? AND t.end_s >= ?"
    static let clipByIDSQL = factsSQL + "WHERE t.clip_id = ?"
    static let clipsByIDListSQL = factsSQL + "WHERE t.clip_id IN (SELECT value FROM json_each(?))"
    /// Appended to an interval query: some start of the clip can lie at or after `?` (see `startingIn`).
    static let startsInRange = " AND t.end_s - IFNULL(m.duration, 0) >= ?"
    /// Spans starting in `[?, ?]`, up to `?` of them, from the start index alone (device or officer first).
    static let countByStartSQL = "SELECT COUNT(*) FROM (SELECT 1 FROM clip_time WHERE start_s BETWEEN ? AND ? AND end_s >= ? LIMIT ?)"
    static let countByDeviceSQL =
        "SELECT COUNT(*) FROM (SELECT 1 FROM clip_time WHERE device_serial = ? AND start_s BETWEEN ? AND ? LIMIT ?)"
    static let countByOfficerSQL = "SELECT COUNT(*) FROM (SELECT 1 FROM clip_time WHERE officer = ? AND start_s BETWEEN ? AND ? LIMIT ?)"
    /// The earliest (or latest) device-clock start of a scope: its key, if any, is the argument.
    static func edgeStartSQL(_ scope: ClipScope, latest: Bool) -> String {
        let filter = switch scope {
        case .all: ""
        case .device: "WHERE device_serial = ? "
        case .officer: "WHERE officer = ? "
        }
        return "SELECT start_s FROM clip_time \(filter)ORDER BY start_s\(latest ? " DESC" : "") LIMIT 1"
    }
    /// The latest end of a span longer than ``longSpan``, from v7's partial index (the condition repeats
    /// its own): left to itself, SQLite reads every entry of the start index, which holds the end too.
    static let longestEndSQL =
        "SELECT MAX(end_s) FROM clip_time INDEXED BY clip_time_long_on_device WHERE end_s - start_s > \(longSpan)"
    static let officerDevicesSQL = "SELECT DISTINCT device_serial FROM clip_time WHERE officer = ?"
    /// Clips in stored order: device id, officer, cursor (created_at, id) as flagged, then the limit.
    static func clipsByStoredSQL(device: Bool, officer: Bool, cursor: Bool, descending: Bool) -> String {
        var conditions: [String] = []
        if device { conditions.append("device_id = ?") }
        if officer { conditions.append("officer = ?") }
        if cursor { conditions.append("(created_at, id) \(descending ? "<" : ">") (?, ?)") }
        let order = descending ? "DESC" : "ASC"
        return "SELECT id, created_at FROM clip" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY created_at \(order), id \(order) LIMIT ?"
    }
    static let sightingCountsSQL = "SELECT COUNT(*), COUNT(released_at) FROM sighting WHERE clip_id = ?"
    static let sightingCountsByListSQL =
        "SELECT clip_id, COUNT(*), COUNT(released_at) FROM sighting WHERE clip_id IN (SELECT value FROM json_each(?)) GROUP BY clip_id"
    static let clipAuditSQL = "SELECT * FROM audit WHERE object = ? UNION SELECT * FROM audit WHERE digest = ? ORDER BY seq"
}

extension Catalog {
    /// Clips with no device-clock span (no reading places them in time), by id after `afterID` in the
    /// order asked, at most `limit`. With neither device nor officer this reads every clip row: only a
    /// listing that has gone past every placed clip asks.
    public func clipsWithoutSpan(deviceID: String?, officer: String?, afterID: String?, descending: Bool, limit: Int) throws
        -> [ClipRow]
    {
        try self.read("clipsWithoutSpan") { db in
            var conditions = ["NOT EXISTS (SELECT 1 FROM clip_time t WHERE t.clip_id = clip.id)"]
            var arguments: [DatabaseValueConvertible] = []
            if let deviceID { conditions.append("device_id = ?"); arguments.append(deviceID) }
            if let officer { conditions.append("officer = ?"); arguments.append(officer) }
            if let afterID { conditions.append("id \(descending ? "<" : ">") ?"); arguments.append(afterID) }
            arguments.append(limit)
            return try ClipRow.fetchAll(db, sql: "SELECT * FROM clip WHERE " + conditions.joined(separator: " AND ")
                                        + " ORDER BY id \(descending ? "DESC" : "ASC") LIMIT ?", arguments: StatementArguments(arguments))
        }
    }
}

extension ClipRow {
    /// `created_at` as the catalog stores it (UTC, milliseconds): text that sorts in time order, the key
    /// of a stored-time order.
    public var createdAtText: String { RFC3339.catalogString(from: createdAt) }
}
