import Foundation
import GRDBSQLite

/// SQLite's `PRAGMA data_version` on one connection of the catalog's own that never writes: it changes
/// whenever any other connection, of this process or another, commits. A server answering many requests a
/// second keeps what it read under the version it saw *before* reading, and reads again only once the
/// version moves: one prepared statement stepped on an idle connection, instead of a read transaction
/// from the pool (whose hand-over of a connection cost more than the rest of a small request).
///
/// `@unchecked Sendable`: `connection` and `statement` are opened, stepped and closed only while holding
/// `lock` (and in `deinit`, when no other reference is left).
final class CatalogDataVersion: @unchecked Sendable {
    private let lock = NSLock()
    private let path: String
    private var connection: OpaquePointer?
    private var statement: OpaquePointer?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(path: String) {
        self.path = path
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close_v2(connection)
    }

    func current() throws -> Int64 {
        try lock.withLock {
            if statement == nil { try open() }
            defer { sqlite3_reset(statement) }
            guard sqlite3_step(statement) == SQLITE_ROW else { throw Failure(description: message("PRAGMA data_version")) }
            return sqlite3_column_int64(statement, 0)
        }
    }

    /// Opens the connection read-only and prepares the statement; on failure nothing is left open.
    private func open() throws {
        var opened: OpaquePointer?
        guard sqlite3_open_v2(path, &opened, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
            let text = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw Failure(description: "cannot open \(path) to watch it: \(text)")
        }
        sqlite3_busy_timeout(opened, 10_000)
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(opened, "PRAGMA data_version", -1, &prepared, nil) == SQLITE_OK else {
            let text = String(cString: sqlite3_errmsg(opened))
            sqlite3_close_v2(opened)
            throw Failure(description: "cannot prepare PRAGMA data_version: \(text)")
        }
        connection = opened
        statement = prepared
    }

    private func message(_ what: String) -> String {
        "\(what): " + (connection.map { String(cString: sqlite3_errmsg($0)) } ?? "no connection")
    }
}

extension Catalog {
    /// The catalog's data version now (see ``CatalogDataVersion``): equal values, nothing committed between.
    public func dataVersion() throws -> Int64 {
        do {
            return try dataVersionWatch.current()
        } catch {
            throw Self.wrap(error, operation: "dataVersion", path: path.path)
        }
    }
}
