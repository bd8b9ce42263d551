import Foundation
import GRDB
import Testing

@testable import Evidence

/// Matching asks the catalog for intervals once per step and device, so every such query must be an
/// index search, never a scan. SQLite's plan (`EXPLAIN QUERY PLAN`) says which: asked on a freshly
/// migrated catalog without statistics (no `ANALYZE`), as a gateway's is.
@Suite("Query plans: interval queries search their index")
struct QueryPlanTests {
    /// The plan's lines, e.g. `SEARCH t USING INDEX clip_time_on_device (device_serial=? AND start_s>? AND start_s<?)`.
    static func plan(_ sql: String, in catalog: Catalog) throws -> [String] {
        try catalog.read("plan") { db in
            let parameters = sql.filter { $0 == "?" }.count
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql,
                                    arguments: StatementArguments(Array(repeating: DatabaseValue.null, count: parameters)))
                .map { $0["detail"] as String }
        }
    }

    /// Every line searches (or reads a constant row), none scans; and `expected` lines are all there.
    static func expectSearches(_ sql: String, _ expected: [String], in catalog: Catalog,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lines = try plan(sql, in: catalog)
        let scans = lines.filter { $0.hasPrefix("SCAN") }
        #expect(scans.isEmpty, "\(sql)\nscans: \(lines)", sourceLocation: sourceLocation)
        for line in expected {
            #expect(lines.contains { $0.hasPrefix(line) }, "\(sql)\nplan: \(lines)\nexpected: \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test func clipIntervalQueriesSearchTheClipTimeIndexes() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let c = fixture.catalog
        // The clip row by key and the latest media row by rowid, whichever way the interval is asked.
        let joined = ["SEARCH c USING INDEX sqlite_autoindex_clip_1 (id=?)", "SEARCH m USING INTEGER PRIMARY KEY (rowid=?)",
                      "SEARCH clip_media USING INDEX clip_media_on_clip_id (clip_id=?)"]
        try Self.expectSearches(Catalog.clipsByDeviceSQL,
                                ["SEARCH t USING INDEX clip_time_on_device (device_serial=? AND start_s>? AND start_s<?)"] + joined, in: c)
        try Self.expectSearches(Catalog.clipsByOfficerSQL,
                                ["SEARCH t USING INDEX clip_time_on_officer (officer=? AND start_s>? AND start_s<?)"] + joined, in: c)
        try Self.expectSearches(Catalog.clipsBySequenceSQL,
                                ["SEARCH t USING INDEX clip_time_on_sequence (device_serial=? AND sequence>? AND sequence<?)"] + joined,
                                in: c)
        try Self.expectSearches(Catalog.clipsBySequenceInSessionSQL,
                                ["SEARCH t USING INDEX clip_time_on_sequence (device_serial=? AND sequence>? AND sequence<?)"] + joined,
                                in: c)
        try Self.expectSearches(Catalog.longClipsByDeviceSQL,
                                ["SEARCH t USING INDEX clip_time_long_on_device (device_serial=? AND start_s<?)"] + joined, in: c)
        try Self.expectSearches(Catalog.longClipsByOfficerSQL,
                                ["SEARCH t USING INDEX clip_time_long_on_officer (officer=? AND start_s<?)"] + joined, in: c)
        try Self.expectSearches(Catalog.clipBoundSQL,
                                ["SEARCH clip_time_bound USING INDEX sqlite_autoindex_clip_time_bound_1 (device_serial=?)"], in: c)
        try Self.expectSearches(Catalog.longestClipSQL, ["SEARCH clip_time_bound USING COVERING INDEX clip_time_bound_on_longest"],
                                in: c)
    }

    @Test func custodyAndClockQueriesSearchTheirIndexes() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let c = fixture.catalog
        let officer = try #require(Catalog.custodyQueries["officer"])
        try Self.expectSearches(officer.bound, ["SEARCH custody_bound USING INDEX sqlite_autoindex_custody_bound_1 (scope=? AND key=?)"],
                                in: c)
        try Self.expectSearches(officer.closed, ["SEARCH custody USING INDEX custody_on_officer (officer=? AND from_s>? AND from_s<?)"],
                                in: c)
        try Self.expectSearches(officer.open, ["SEARCH custody USING INDEX custody_open_on_officer (officer=? AND from_s<?)"], in: c)
        let device = try #require(Catalog.custodyQueries["device"])
        try Self.expectSearches(device.bound, ["SEARCH custody_bound USING INDEX sqlite_autoindex_custody_bound_1 (scope=? AND key=?)"],
                                in: c)
        try Self.expectSearches(device.closed,
                                ["SEARCH custody USING INDEX custody_on_device (device_serial=? AND from_s>? AND from_s<?)"], in: c)
        try Self.expectSearches(device.open, ["SEARCH custody USING INDEX custody_open_on_device (device_serial=? AND from_s<?)"], in: c)

        try Self.expectSearches(Catalog.clockObservationsSQL,
                                ["SEARCH clock_observation USING INDEX clock_observation_on_device (device_serial=?)"], in: c)
        try Self.expectSearches(Catalog.caseFileSQL, ["SEARCH case_file USING INDEX sqlite_autoindex_case_file_1 (case_id=?)"], in: c)
    }

    /// The bounds the queries rely on follow the rows: a longer custody period raises its officer's and
    /// device's bound, an open one closed later too, and a period overlapping the interval only by its
    /// tail is still found.
    @Test func custodyBoundsFollowInsertsAndUpdates() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let c = fixture.catalog
        let t0 = CatalogFixture.t0
        let day = 86_400.0
        _ = try c.importCustody([
            NewCustody(officer: "310045", deviceSerial: "A001", from: t0, to: t0.addingTimeInterval(3600)),
            NewCustody(officer: "310045", deviceSerial: "A002", from: t0.addingTimeInterval(2 * day), to: nil),
        ], source: "file:a.json", actor: "clerk", at: t0)
        func bound(_ scope: String, _ key: String) throws -> Int64? {
            try c.read("bound") { db in
                try Int64.fetchOne(db, sql: "SELECT longest_s FROM custody_bound WHERE scope = ? AND key = ?", arguments: [scope, key])
            }
        }
        #expect(try bound("officer", "310045") == 3600 && bound("device", "A001") == 3600 && bound("device", "A002") == nil)
        let s = Int64(t0.timeIntervalSince1970)
        // Ten days after the open period began, it is still found.
        #expect(try c.custody(officers: ["310045"], from: s + 12 * 86_400, to: s + 12 * 86_400 + 60).map(\.deviceSerial) == ["A002"])

        // Closing it after 30 days raises the bounds; its tail is found from the closed-period range.
        _ = try c.importCustody([
            NewCustody(officer: "310045", deviceSerial: "A002", from: t0.addingTimeInterval(2 * day), to: t0.addingTimeInterval(32 * day)),
        ], source: "file:b.json", actor: "clerk", at: t0)
        #expect(try bound("officer", "310045") == 30 * 86_400 && bound("device", "A002") == 30 * 86_400)
        #expect(try c.custody(officers: ["310045"], from: s + 31 * 86_400, to: s + 31 * 86_400).map(\.deviceSerial) == ["A002"])
        #expect(try c.custody(deviceSerials: ["A002"], from: s + 31 * 86_400, to: s + 31 * 86_400).count == 1)
        #expect(try c.custody(deviceSerials: ["A002"], from: s + 33 * 86_400, to: s + 34 * 86_400).isEmpty)
        #expect(try c.custody(officers: ["310045"], from: s, to: s + 40 * 86_400).map(\.deviceSerial) == ["A001", "A002"])
    }
}
