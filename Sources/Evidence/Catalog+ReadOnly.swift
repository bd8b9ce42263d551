import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Catalog {
    /// Opens an existing catalog for reading only: nothing is created, migrated or written, not even
    /// the anchor files, so verification works on a full disk or a read-only mount and leaves the
    /// home byte for byte as it found it.
    ///
    /// - Throws: ``EvidenceError/Code/notFound`` "no catalog at PATH" when the file does not exist (it
    ///   is not created); ``EvidenceError/Code/invalidState`` for an empty file or one without the
    ///   catalog's schema, and for a schema older or newer than this build's (the message says what
    ///   to do).
    public convenience init(readingAt path: URL, auditHeadCopy: URL? = nil) throws {
        let file = path.path
        guard let info = try Syscall.linkStatusIfPresent(file) else {
            throw EvidenceError(
                code: .notFound, operation: "open", path: file, message: "no catalog at \(file)", location: .here())
        }
        guard info.st_size > 0 else {
            throw EvidenceError(
                code: .invalidState, operation: "open", path: file,
                message: "the catalog at \(file) is empty (0 bytes): it was replaced or never written; "
                    + "restore it from a backup", location: .here())
        }
        var configuration = Configuration()
        configuration.label = "recgate.catalog.read"
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: try Self.readOnlyURI(file), configuration: configuration)
            try queue.read { db in try Self.checkSchema(db, path: file) }
        } catch {
            throw Self.wrap(error, operation: "open", path: file)
        }
        self.init(path: path, database: queue, auditHeadCopy: auditHeadCopy, readOnly: true)
    }

    /// How a reader opens the file without creating anything next to it.
    ///
    /// SQLite's WAL readers share a `-shm` index file and a `-wal` file; a read-only connection
    /// creates them when they are missing (and the `-shm` must then be grown to 32 KiB, which fails on
    /// a full disk and, on success, leaves both files behind). A cleanly closed catalog has neither:
    /// the last connection checkpoints everything into the main file and deletes them. So:
    ///
    /// - no `-shm` and no or an empty `-wal`: no connection has the database open and no committed
    ///   transaction is outside the main file. It is opened `immutable=1`: no locks, no `-shm`, no
    ///   `-wal`, the main file read as it is. A writer that opens the catalog while this reader works
    ///   changes the main file only when it checkpoints (on close, or after 1000 pages of log); a
    ///   verification read across that is an error to repeat, never a write.
    /// - otherwise (a writer is running, or one was killed and left its log): `mode=ro` through the
    ///   `-shm` that exists, as any WAL reader; the log's transactions are read too.
    static func readOnlyURI(_ file: String) throws -> String {
        let walSize = try Syscall.linkStatusIfPresent(file + "-wal").map { Int64($0.st_size) } ?? 0
        let hasIndex = try Syscall.linkStatusIfPresent(file + "-shm") != nil
        let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return walSize == 0 && !hasIndex ? "file:\(encoded)?immutable=1" : "file:\(encoded)?mode=ro"
    }

    /// The schema must be exactly this build's: an older one would need the migrations a reader
    /// may not run; a newer one may hold what this build cannot check.
    static func checkSchema(_ db: Database, path: String) throws {
        guard try db.tableExists("grdb_migrations") else {
            throw EvidenceError(
                code: .invalidState, operation: "open", path: path,
                message: "\(path) holds no catalog (no schema): it was replaced or never written; "
                    + "restore it from a backup", location: .here())
        }
        let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        let known = Self.migrator.migrations
        let newer = applied.subtracting(known).sorted()
        if !newer.isEmpty {
            throw EvidenceError(
                code: .invalidState, operation: "open", path: path,
                message: "the catalog at \(path) was written by a newer recgate (schema \(newer.joined(separator: ", ")) "
                    + "is unknown to this one): use that version or a later one", location: .here())
        }
        let older = known.filter { !applied.contains($0) }
        if !older.isEmpty {
            throw EvidenceError(
                code: .invalidState, operation: "open", path: path,
                message: "the catalog at \(path) has an older schema (without \(older.joined(separator: ", "))): "
                    + "this recgate upgrades it the next time a command writes to it (offload, case import, "
                    + "clock record); read-only commands never change it", location: .here())
        }
    }
}
