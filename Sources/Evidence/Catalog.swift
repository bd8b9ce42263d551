import Foundation
import GRDB

/// The catalog: devices, offload sessions, clips, sightings and the audit log, in one SQLite
/// database (WAL, through a GRDB `DatabasePool`; a reader opened with ``init(readingAt:auditHeadCopy:)``
/// uses one read-only connection).
///
/// Every change is made in one transaction together with its audit entry, so a catalog
/// change and its audit entry commit together or not at all. Identifiers are UUID strings
/// (lowercase) and content digests, never row numbers; times are RFC 3339 UTC text with
/// milliseconds. Rows are never deleted (triggers refuse it), and clip rows never change.
///
/// `Sendable` because its only stored state is immutable and GRDB's `DatabaseWriter` is `Sendable`.
public final class Catalog: Sendable {
    /// The database file.
    public let path: URL
    /// The audit anchor file next to the database: `<database file>.audit_head`.
    public let auditAnchorPath: URL
    /// The copy of the audit anchor kept outside the catalog's folder (`audit_head_copy`), if configured.
    public let auditHeadCopyPath: URL?
    /// Opened with ``init(readingAt:auditHeadCopy:)``: nothing is written, created or migrated.
    public let isReadOnly: Bool

    let pool: any DatabaseWriter
    let anchor: AuditAnchor
    let headCopy: AuditAnchor?
    /// Held by every process writing this catalog (`flock` on `<database file>.lock`). SQLite serialises the
    /// writes themselves across processes, but two steps of a write happen outside its lock: the migrations
    /// run at open (each process would otherwise find the same ones missing and apply them twice), and the
    /// audit anchor's advance after a commit (a process that read the anchor, then lost the processor to
    /// another that committed and advanced it further, would write an older head over the newer one). Both
    /// run under this lock, so the anchor only ever moves forward.
    let writerLock: FileLock
    /// The connection that tells whether anything was committed (``dataVersion()``), opened at first use.
    let dataVersionWatch: CatalogDataVersion

    /// Opens the catalog at `path`, creating it if needed, in WAL mode, and migrates it.
    ///
    /// `auditHeadCopy`: a second anchor file, on another disk, advanced with the first one; a log
    /// rewritten together with the anchor next to it still disagrees with it.
    public init(path: URL, auditHeadCopy: URL? = nil) throws {
        self.path = path
        self.auditAnchorPath = Self.anchorPath(of: path)
        self.auditHeadCopyPath = auditHeadCopy
        self.isReadOnly = false
        self.anchor = AuditAnchor(path: self.auditAnchorPath.path)
        self.headCopy = auditHeadCopy.map { AuditAnchor(path: $0.path) }
        self.writerLock = FileLock(path: path.path + ".lock")
        self.dataVersionWatch = CatalogDataVersion(path: path.path)

        var configuration = Configuration()
        configuration.label = "recgate.catalog"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Each commit reaches the disk before the call returns: evidence records must
            // survive a power cut the moment the gateway says they are stored.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            if db.configuration.readonly {
                // The pool's readers map the file instead of copying each page out of the kernel's cache
                // with pread: a clip search reads a few hundred pages scattered over a large catalog, and
                // the copies were a sixth of a search's CPU. SQLite caps the size at its build's limit
                // (2 GiB for Debian's). Writes still go through the writer's file calls. The cost: a disk
                // error under a mapped page ends the process (SIGBUS) instead of failing one read; the
                // daemon is safe to end at any instant, and is restarted.
                try db.execute(sql: "PRAGMA mmap_size = \(Self.readerMapBytes)")
            }
        }
        do {
            let anchors = [self.anchor] + (self.headCopy.map { [$0] } ?? [])
            // Another process or thread may be opening the same catalog now (offloads of two devices). The
            // pool is opened under the lock too: a new catalog's switch to WAL fails with "database is
            // locked", whatever the busy timeout, while another connection is doing the same.
            self.pool = try self.writerLock.withLock {
                let pool = try DatabasePool(path: path.path, configuration: configuration)
                try Self.migrator.migrate(pool)
                try pool.writeWithoutTransaction { db in
                    for anchor in anchors { try anchor.createIfEmptyLog(db) }
                }
                return pool
            }
        } catch {
            throw Self.wrap(error, operation: "open", path: path.path)
        }
    }

    /// A catalog opened on an existing connection (``init(readingAt:auditHeadCopy:)``).
    init(path: URL, database: any DatabaseWriter, auditHeadCopy: URL?, readOnly: Bool) {
        self.path = path
        self.auditAnchorPath = Self.anchorPath(of: path)
        self.auditHeadCopyPath = auditHeadCopy
        self.isReadOnly = readOnly
        self.anchor = AuditAnchor(path: self.auditAnchorPath.path)
        self.headCopy = auditHeadCopy.map { AuditAnchor(path: $0.path) }
        self.writerLock = FileLock(path: path.path + ".lock")
        self.dataVersionWatch = CatalogDataVersion(path: path.path)
        self.pool = database
    }

    /// How much of the file a pool's reader maps (see the pool's configuration): all of any catalog.
    static let readerMapBytes: Int64 = 1 << 40

    /// `<database file>.audit_head`, next to the database.
    static func anchorPath(of path: URL) -> URL {
        path.deletingLastPathComponent().appendingPathComponent(path.lastPathComponent + ".audit_head")
    }

    /// Runs `body` in one immediate write transaction; after it commits, advances the audit
    /// anchor while holding this process's writer and the catalog's writer lock (other processes
    /// commit meanwhile, but advance one at a time), so the anchor never moves back.
    func write<T>(
        _ operation: String,
        function: String = #function, file: String = #fileID, line: Int = #line,
        _ body: (Database) throws -> T
    ) throws -> T {
        guard !self.isReadOnly else {
            throw EvidenceError(
                code: .invalidState, operation: operation, path: self.path.path,
                message: "the catalog was opened read-only", location: .init(function: function, file: file, line: line))
        }
        do {
            let anchors = [self.anchor] + (self.headCopy.map { [$0] } ?? [])
            return try self.pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                // A lock that cannot be taken leaves the anchor behind, which is not an error (the
                // next write moves it on); advancing without it could move it back.
                _ = try? self.writerLock.withLock {
                    for anchor in anchors { anchor.advance(db) }
                }
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

    /// Runs `body` on a read-only snapshot: the one ``reading(_:)`` holds on this thread, else a
    /// snapshot of its own.
    func read<T>(
        _ operation: String,
        function: String = #function, file: String = #fileID, line: Int = #line,
        _ body: (Database) throws -> T
    ) throws -> T {
        do {
            if let snapshot = Self.snapshot, snapshot.catalog === self, pthread_equal(snapshot.thread, pthread_self()) != 0 {
                return try body(snapshot.db)
            }
            return try self.pool.read(body)
        } catch {
            throw Self.wrap(error, operation: operation, path: self.path.path, function: function, file: file, line: line)
        }
    }

    /// Runs `body` with every read this catalog makes on the calling thread answered from one
    /// read-only snapshot (one read transaction): a case check sees the catalog as it was when it
    /// began, and its hundred-odd small queries pay for one transaction, not one each. Errors of
    /// `body` pass through unchanged. Nested calls share the outer snapshot.
    public func reading<T>(_ body: () throws -> T) throws -> T {
        if let snapshot = Self.snapshot, snapshot.catalog === self, pthread_equal(snapshot.thread, pthread_self()) != 0 {
            return try body()
        }
        var outcome: Result<T, any Error>?
        do {
            try self.pool.read { db in
                outcome = Result { try Self.$snapshot.withValue(Snapshot(catalog: self, db: db)) { try body() } }
            }
        } catch {
            throw Self.wrap(error, operation: "reading", path: self.path.path)
        }
        return try outcome!.get()
    }

    /// The read transaction ``reading(_:)`` holds, bound to the thread that holds it: a task started
    /// inside inherits task-local values but runs elsewhere, and must not touch this connection.
    @TaskLocal static var snapshot: Snapshot?

    /// `@unchecked Sendable`: its properties are immutable, and the catalog reads through `db` only when the
    /// calling thread is `thread` (the one holding GRDB's read access), so the connection never crosses threads.
    final class Snapshot: @unchecked Sendable {
        unowned let catalog: Catalog
        let db: Database
        let thread = pthread_self()

        init(catalog: Catalog, db: Database) {
            self.catalog = catalog
            self.db = db
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
            // A full disk is the same condition whichever file meets it first, the catalog or an object
            // (the catalog's schema, its WAL and the objects share the store's file system): the offload
            // stops with "the store is full" on either.
            if error.resultCode == .SQLITE_FULL {
                return EvidenceError(
                    code: .noSpace, operation: operation, path: path,
                    message: "no space left for '\(path)': \(String(cString: strerror(ENOSPC))) (\(error.message ?? "database or disk is full"))",
                    cause: error, location: location)
            }
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
