import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The audit log's anchor: a small file next to the database recording how many entries the
/// log had and the hash of the last one, as of the last committed write.
///
/// A hash chain cannot show that entries were removed from its *end*: what is left is still a
/// valid chain. The anchor can, as long as it is not rewritten along with the database:
/// ``Catalog/verifyAudit()`` reports the log broken when it is shorter than the anchor says,
/// or when its entry at the anchored count has another hash.
///
/// The anchor only ever moves forward. After each write transaction it is advanced to the new
/// head, but only if the log still contains the anchored entry unchanged; otherwise it is
/// left as it is, so a truncation is not blessed by the next append. It is created once, with
/// the empty log; a missing anchor next to a non-empty log is reported, never silently remade.
///
/// File format, one JSON object: `{"count":50,"head":"<64 hex>"}`. It is replaced by writing
/// a temporary file, fsyncing it and renaming it over the old one.
struct AuditAnchor: Sendable {
    struct State: Codable, Sendable, Hashable {
        var count: Int
        var head: String
    }

    enum Reading: Sendable, Hashable {
        case missing
        case unreadable(String)
        case state(State)
    }

    let path: String

    func read() -> Reading {
        guard let data = FileManager.default.contents(atPath: self.path) else {
            return FileManager.default.fileExists(atPath: self.path)
                ? .unreadable("cannot read the anchor file") : .missing
        }
        guard let state = try? JSONDecoder().decode(State.self, from: data),
            state.count >= 0, SHA256Hex.isValid(state.head)
        else {
            return .unreadable("the anchor file is not {\"count\":N,\"head\":\"<64 hex>\"}")
        }
        return .state(state)
    }

    func write(_ state: State) throws(EvidenceError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes: [UInt8]
        do {
            bytes = Array(try encoder.encode(state)) + [UInt8(ascii: "\n")]
        } catch {
            throw EvidenceError(
                code: .unknown, operation: "encode", path: self.path,
                message: "cannot encode the audit anchor: \(error)", location: .here())
        }
        let temporary = "\(self.path).\(UUID().uuidString.lowercased()).tmp"
        let fd = try Syscall.openFile(temporary, flags: O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode: 0o644)
        do throws(EvidenceError) {
            defer { Syscall.closeFile(fd) }
            let failure = bytes.withUnsafeBytes { raw -> EvidenceError? in
                do throws(EvidenceError) {
                    try Syscall.writeAll(fd, raw, path: temporary)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure { throw failure }
            try Syscall.syncFile(fd, path: temporary)
            try Syscall.renameFile(temporary, self.path)
        } catch {
            try? Syscall.removeFile(temporary)
            throw error
        }
    }

    /// Creates the anchor for an empty log, if there is none. Leaves a missing anchor missing
    /// when the log has entries: that is for ``Catalog/verifyAudit()`` to report.
    func createIfEmptyLog(_ db: Database) throws {
        guard case .missing = self.read() else { return }
        guard try Self.head(db) == nil else { return }
        try self.write(State(count: 0, head: SHA256Hex.zero))
    }

    /// Moves the anchor to the log's head, if the log extends the anchored state.
    /// Called after each committed write transaction, holding the catalog's writer lock
    /// (``Catalog/writerLock``): the read of the anchor and its rewrite are one step across processes.
    ///
    /// Errors are swallowed: the transaction has committed and must not be reported failed.
    /// An anchor that lags behind the log is not an error (see ``Catalog/verifyAudit()``); the
    /// next write moves it on.
    func advance(_ db: Database) {
        do {
            guard case .state(let anchored) = self.read() else { return }
            guard let head = try Self.head(db) else { return }
            guard head.count > anchored.count else { return }
            if anchored.count > 0 {
                guard try Self.hash(db, seq: anchored.count) == anchored.head else { return }
            }
            try self.write(head)
        } catch {
            return
        }
    }

    /// The count and last hash of the log, or `nil` when it is empty.
    static func head(_ db: Database) throws -> State? {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1") else {
            return nil
        }
        return State(count: row["seq"], head: row["hash"])
    }

    static func hash(_ db: Database, seq: Int) throws -> String? {
        try String.fetchOne(db, sql: "SELECT hash FROM audit WHERE seq = ?", arguments: [seq])
    }
}
