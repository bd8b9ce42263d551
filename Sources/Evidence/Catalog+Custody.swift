import Foundation
import GRDB

extension Catalog {
    /// Records custody periods in one transaction. A period is known by officer, device and start;
    /// importing it again with an end (or another end) updates the end, which the audit records.
    ///
    /// A device is carried by one officer at a time: a period (or a new end) that overlaps another
    /// officer's period for the same device already in the catalog throws ``CustodyConflicts`` naming
    /// every such pair, and nothing is recorded. The same officer's periods may overlap (the dock's
    /// reading and a file's); the same period imported again is not an overlap.
    ///
    /// Audit: `custody.add` and `custody.update`, about `device:<serial>`.
    public func importCustody(_ periods: [NewCustody], source: String, actor: String, at: Date) throws
        -> CustodyImportResult
    {
        for p in periods where p.to.map({ $0 <= p.from }) ?? false {
            throw EvidenceError(code: .invalidArgument, operation: "importCustody",
                                message: "custody of \(p.deviceSerial) by \(p.officer) ends before it starts",
                                location: .here())
        }
        let outcome: Result<CustodyImportResult, CustodyConflicts> = try self.write("importCustody") { db in
            // Against the catalog as it is, before anything of this import is written: periods of one
            // import are checked against one another by whoever made them (a custody file's reader).
            let conflicts = try periods.enumerated().flatMap { index, p in
                try Self.custodyConflicts(db, period: p).map { CustodyConflict(index: index, period: p, existing: $0) }
            }
            guard conflicts.isEmpty else { return .failure(CustodyConflicts(conflicts: conflicts)) }
            var result = CustodyImportResult()
            for p in periods {
                let (fromS, toS) = Self.custodySeconds(p)
                var detail = AuditDetail()
                detail.set("officer", p.officer)
                detail.set("from_s", fromS)
                detail["to_s"] = toS.map { .integer($0) } ?? .null
                detail.set("source", source)
                if var row = try CustodyRow.filter(Column("officer") == p.officer && Column("device_serial") == p.deviceSerial
                                                   && Column("from_s") == fromS).fetchOne(db) {
                    guard row.toS != toS else { result.unchanged += 1; continue }
                    detail["previous_to_s"] = row.toS.map { .integer($0) } ?? .null
                    row.toS = toS
                    try row.update(db)
                    result.updated += 1
                    _ = try Self.appendAudit(db, actor: actor, action: "custody.update", object: "device:\(p.deviceSerial)",
                                        digest: "", detail: detail.json, at: at)
                } else {
                    try CustodyRow(id: Self.makeID(), officer: p.officer, deviceSerial: p.deviceSerial, fromS: fromS, toS: toS,
                                   source: source, recordedAt: at, actor: actor).insert(db)
                    result.added += 1
                    _ = try Self.appendAudit(db, actor: actor, action: "custody.add", object: "device:\(p.deviceSerial)",
                                        digest: "", detail: detail.json, at: at)
                }
            }
            return .success(result)
        }
        return try outcome.get()
    }

    /// A period's bounds as stored: Unix seconds, the start rounded down and the end up.
    static func custodySeconds(_ p: NewCustody) -> (from: Int64, to: Int64?) {
        (Int64(p.from.timeIntervalSince1970.rounded(.down)), p.to.map { Int64($0.timeIntervalSince1970.rounded(.up)) })
    }

    /// Other officers' periods of `p`'s device that overlap it (`[from, to)` against `[from, to)`), read
    /// through the device's custody bound like every interval query.
    static func custodyConflicts(_ db: Database, period p: NewCustody) throws -> [CustodyRow] {
        let (fromS, toS) = custodySeconds(p)
        let end = toS ?? Int64.max
        return try custody(db, scope: "device", key: p.deviceSerial, from: fromS, to: end).filter { row in
            row.officer != p.officer && row.fromS < end && fromS < (row.toS ?? Int64.max)
        }
    }

    /// Custody periods overlapping `[from, to]` (Unix seconds) of the given officers (all when nil),
    /// by officer and start.
    public func custody(officers: Set<String>? = nil, from: Int64, to: Int64) throws -> [CustodyRow] {
        try self.read("custody") { db in
            guard let officers else {
                return try CustodyRow.filter(Column("from_s") <= to && (Column("to_s") == nil || Column("to_s") >= from))
                    .order(Column("officer"), Column("from_s")).fetchAll(db)
            }
            return try officers.sorted().flatMap {
                try Self.custody(db, scope: "officer", key: $0, from: from, to: to)
            }
        }
    }

    /// Custody periods of the given devices overlapping `[from, to]`, by device and start.
    public func custody(deviceSerials: Set<String>, from: Int64, to: Int64) throws -> [CustodyRow] {
        try self.read("custody") { db in
            try deviceSerials.sorted().flatMap { try Self.custody(db, scope: "device", key: $0, from: from, to: to) }
        }
    }

    /// The interval queries on custody, by scope (`officer` or `device`): the longest closed period,
    /// closed periods overlapping `[from, to]` (starting in `[from - longest, to]`), and open ones.
    static let custodyQueries: [String: (bound: String, closed: String, open: String)] = [
        "officer": (
            bound: "SELECT longest_s FROM custody_bound WHERE scope = 'officer' AND key = ?",
            closed: "SELECT * FROM custody WHERE officer = ? AND from_s BETWEEN ? AND ? AND to_s >= ?",
            open: "SELECT * FROM custody WHERE officer = ? AND to_s IS NULL AND from_s <= ?"),
        "device": (
            bound: "SELECT longest_s FROM custody_bound WHERE scope = 'device' AND key = ?",
            closed: "SELECT * FROM custody WHERE device_serial = ? AND from_s BETWEEN ? AND ? AND to_s >= ?",
            open: "SELECT * FROM custody WHERE device_serial = ? AND to_s IS NULL AND from_s <= ?"),
    ]

    /// The periods of one officer or device overlapping `[from, to]`, by start.
    static func custody(_ db: Database, scope: String, key: String, from: Int64, to: Int64) throws -> [CustodyRow] {
        let queries = custodyQueries[scope]!
        var rows = try CustodyRow.fetchAll(db.cachedStatement(sql: queries.open), arguments: [key, to])
        if let longest = try Int64.fetchOne(db.cachedStatement(sql: queries.bound), arguments: [key]) {
            rows += try CustodyRow.fetchAll(db.cachedStatement(sql: queries.closed), arguments: [key, from - longest, to, from])
        }
        return rows.sorted { $0.fromS < $1.fromS }
    }
}
