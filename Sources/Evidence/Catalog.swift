import Foundation
import GRDB

/// The catalog: devices, offload sessions, clips, sightings and the audit log, in one SQLite
/// database (WAL, through a GRDB `DatabasePool`).
///
/// Every change is made in one transaction together with its audit entry, so a catalog
/// change and its audit entry commit together or not at all. Identifiers are UUID strings
/// (lowercase) and content digests, never row numbers; times are RFC 3339 UTC text with
/// milliseconds. Rows are never deleted (triggers refuse it), and clip rows never change.
///
/// `Sendable` because its only stored state is immutable and `DatabasePool` is `Sendable`.
public final class Catalog: Sendable {
    /// The database file.
    public let path: URL
    /// The audit anchor file next to the database: `<database file>.audit_head`.
    public let auditAnchorPath: URL

    let pool: DatabasePool
    let anchor: AuditAnchor

    /// Opens the catalog at `path`, creating it if needed, in WAL mode, and migrates it.
    public init(path: URL) throws {
        self.path = path
        self.auditAnchorPath = path.deletingLastPathComponent()
            .appendingPathComponent(path.lastPathComponent + ".audit_head")
        self.anchor = AuditAnchor(path: self.auditAnchorPath.path)

        var configuration = Configuration()
        configuration.label = "recgate.catalog"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Each commit reaches the disk before the call returns: evidence records must
            // survive a power cut the moment the gateway says they are stored.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            if db.configuration.readonly, let extra = ProcessInfo.processInfo.environment["RECGATE_READER_PRAGMA"] {
                try db.execute(sql: extra)  // EXPERIMENT
            }
        }
        do {
            self.pool = try DatabasePool(path: path.path, configuration: configuration)
            try Self.migrator.migrate(self.pool)
            let anchor = self.anchor
            try self.pool.writeWithoutTransaction { db in
                try anchor.createIfEmptyLog(db)
            }
        } catch {
            throw Self.wrap(error, operation: "open", path: path.path)
        }
    }

    /// Runs `body` in one immediate write transaction; after it commits, advances the audit
    /// anchor while still holding the writer, so anchors are written in commit order.
    func write<T>(
        _ operation: String,
        function: String = #function, file: String = #fileID, line: Int = #line,
        _ body: (Database) throws -> T
    ) throws -> T {
        do {
            let anchor = self.anchor
            return try self.pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                anchor.advance(db)
                guard let result else {
                    throw EvidenceError(
                        code: .unknown, operation: operation, message: "transaction produced no result",
                        location: .init(function: function, file: file, line: line))
                }
                return result
            }
        } catch {
            throw Self.wrap(error, operation: operation, path: self.path.path, function: function, file: file, line: line)
        }
    }

    /// Runs `body` on a read-only snapshot.
    func read<T>(
        _ operation: String,
        function: String = #function, file: String = #fileID, line: Int = #line,
        _ body: (Database) throws -> T
    ) throws -> T {
        do {
            return try self.pool.read(body)
        } catch {
            throw Self.wrap(error, operation: operation, path: self.path.path, function: function, file: file, line: line)
        }
    }

    /// A fresh identifier: a random UUID in lowercase.
    static func makeID() -> String {
        UUID().uuidString.lowercased()
    }

    /// Passes ``EvidenceError`` through; wraps a GRDB `DatabaseError` (or anything else) as
    /// ``EvidenceError/Code/database``.
    static func wrap(
        _ error: any Error, operation: String, path: String,
        function: String = #function, file: String = #fileID, line: Int = #line
    ) -> EvidenceError {
        if let error = error as? EvidenceError { return error }
        let location = EvidenceError.SourceLocation(function: function, file: file, line: line)
        if let error = error as? DatabaseError {
            return EvidenceError(
                code: .database, operation: operation, path: path,
                message: error.message ?? "\(error.resultCode)", cause: error, location: location)
        }
        return EvidenceError(
            code: .database, operation: operation, path: path,
            message: "\(error)", location: location)
    }

    static func notFound(
        _ what: String, operation: String,
        function: String = #function, file: String = #fileID, line: Int = #line
    ) -> EvidenceError {
        EvidenceError(
            code: .notFound, operation: operation, message: "no \(what)",
            location: .init(function: function, file: file, line: line))
    }
}
