import Foundation
import GRDB
import Testing
import TestSupport

@testable import Evidence

/// The searches' queries read their indexes (v12-clip-search and the interval indexes), never a whole
/// table: SQLite's plan (`EXPLAIN QUERY PLAN`) on a freshly migrated catalog, without statistics, as a
/// gateway's is. An ordered read of an index with a limit shows as `SCAN … USING … INDEX`, which is allowed;
/// a plain `SCAN table` is not.
@Suite("Query plans: clip searches read their indexes")
struct ClipQueryPlanTests {
    static func plan(_ sql: String, in catalog: Catalog) throws -> [String] {
        try catalog.read("plan") { db in
            let parameters = sql.filter { $0 == "?" }.count
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql,
                                    arguments: StatementArguments(Array(repeating: DatabaseValue.null, count: parameters)))
                .map { $0["detail"] as String }
        }
    }

    static func expect(_ sql: String, _ expected: [String], in catalog: Catalog, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lines = try plan(sql, in: catalog)
        let scans = lines.filter { $0.hasPrefix("SCAN") && !$0.contains("INDEX") && !$0.hasPrefix("SCAN (subquery") }
        #expect(scans.isEmpty, "\(sql)\nscans: \(lines)", sourceLocation: sourceLocation)
        for line in expected {
            #expect(lines.contains { $0.hasPrefix(line) }, "\(sql)\nplan: \(lines)\nexpected: \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test func everySearchQueryReadsAnIndex() throws {
        let folder = try TempDirectory()
        let c = try Catalog(path: folder.url.appendingPathComponent("catalog.sqlite"))
        try Self.expect(Catalog.clipsByStartSQL, ["SEARCH t USING INDEX clip_time_on_start (start_s>? AND start_s<?)"], in: c)
        try Self.expect(Catalog.longClipsByStartSQL, ["SEARCH t USING INDEX clip_time_long_on_start (start_s<?)"], in: c)
        try Self.expect(Catalog.clipByIDSQL, ["SEARCH t USING INDEX sqlite_autoindex_clip_time_1 (clip_id=?)"], in: c)
        try Self.expect(Catalog.edgeStartSQL(.all, latest: true), ["SCAN clip_time USING COVERING INDEX clip_time_on_start"], in: c)
        try Self.expect(Catalog.edgeStartSQL(.device("A"), latest: false),
                        ["SEARCH clip_time USING COVERING INDEX clip_time_on_device (device_serial=?)"], in: c)
        try Self.expect(Catalog.edgeStartSQL(.officer("1"), latest: true),
                        ["SEARCH clip_time USING COVERING INDEX clip_time_on_officer (officer=?)"], in: c)
        try Self.expect(Catalog.longestEndSQL, ["SEARCH clip_time USING INDEX clip_time_long_on"], in: c)
        try Self.expect(Catalog.officerDevicesSQL, ["SEARCH clip_time USING COVERING INDEX clip_time_on_officer_device (officer=?)"], in: c)
        try Self.expect(Catalog.clipsByStoredSQL(device: false, officer: false, cursor: false, descending: true),
                        ["SCAN clip USING COVERING INDEX clip_on_created_id"], in: c)
        try Self.expect(Catalog.clipsByStoredSQL(device: false, officer: false, cursor: true, descending: false),
                        ["SEARCH clip USING COVERING INDEX clip_on_created_id ((created_at,id)>(?,?))"], in: c)
        try Self.expect(Catalog.clipsByStoredSQL(device: true, officer: false, cursor: true, descending: true),
                        ["SEARCH clip USING COVERING INDEX clip_on_device_created (device_id=? AND (created_at,id)<(?,?))"], in: c)
        try Self.expect(Catalog.clipsByStoredSQL(device: false, officer: true, cursor: false, descending: true),
                        ["SEARCH clip USING COVERING INDEX clip_on_officer_created (officer=?)"], in: c)
        try Self.expect(Catalog.countByStartSQL, ["SEARCH clip_time USING COVERING INDEX clip_time_on_start (start_s>? AND start_s<?)"], in: c)
        try Self.expect(Catalog.countByDeviceSQL,
                        ["SEARCH clip_time USING COVERING INDEX clip_time_on_device (device_serial=? AND start_s>? AND start_s<?)"], in: c)
        try Self.expect(Catalog.countByOfficerSQL,
                        ["SEARCH clip_time USING COVERING INDEX clip_time_on_officer (officer=? AND start_s>? AND start_s<?)"], in: c)
        try Self.expect(Catalog.sightingCountsSQL, ["SEARCH sighting USING INDEX sighting_on_clip_id (clip_id=?)"], in: c)
        // The index's reads: a page's clips and their sighting counts by a list of ids, the change log after a point.
        try Self.expect(Catalog.clipsByIDListSQL, ["SEARCH t USING INDEX sqlite_autoindex_clip_time_1 (clip_id=?)"], in: c)
        try Self.expect(Catalog.sightingCountsByListSQL, ["SEARCH sighting USING INDEX sighting_on_clip_id (clip_id=?)"], in: c)
        try Self.expect(Catalog.clipChangesSQL, ["SEARCH clip_change USING INTEGER PRIMARY KEY (rowid>?)"], in: c)
        try Self.expect(Catalog.clipAuditSQL, ["SEARCH audit USING INDEX audit_on_object (object=?)",
                                               "SEARCH audit USING INDEX audit_on_digest (digest=?)"], in: c)
    }
}
