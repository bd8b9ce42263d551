import DeviceKit
import Foundation
import GRDB

// The audit log: append-only, numbered, hash-chained, in the catalog's database.
//
// What the chain proves: every entry from 1 to the last is the one written at the time — an
// edited entry no longer matches its hash; a removed, inserted or reordered entry breaks
// the seq sequence or the prev_hash links; and an attacker who rewrites one entry must
// rewrite every later one. With the anchor file (AuditAnchor), removing entries from the
// end is detected too.
//
// What it does not prove: that the log is complete (an action the software never logged is
// not there); that the times are true (they come from this host's clock); or anything
// against someone who can rewrite both the database and the anchor file — they can rebuild
// a consistent chain. Against that, the head must be kept out of their reach: replicated to
// the central repository (the log is the replication outbox) or written down elsewhere.

extension Catalog {
    /// Appends one entry to the audit log in its own transaction.
    ///
    /// - Parameters:
    ///   - digest: the lowercase hex sha256 of the object's bytes, or `""`.
    ///   - detail: a small JSON object, or `""`.
    @discardableResult
    public func appendAudit(
        actor: String, action: String, object: String, digest: String, detail: String, at: Date
    ) throws -> AuditEntry {
        try self.write("appendAudit") { db in
            try Self.appendAudit(db, actor: actor, action: action, object: object, digest: digest, detail: detail, at: at)
        }
    }

    /// Appends one entry inside the caller's transaction on `db`, so that it commits or rolls
    /// back together with the change it records. Public for bulk loaders that write a catalog's rows
    /// straight into its tables (benchmark catalogs): their entries chain like any other.
    public static func appendAudit(
        _ db: Database, actor: String, action: String, object: String, digest: String, detail: String, at: Date
    ) throws -> AuditEntry {
        if !digest.isEmpty {
            try SHA256Hex.validate(digest, operation: "appendAudit")
        }
        let previous = try AuditAnchor.head(db)
        let seq = (previous?.count ?? 0) + 1
        let prevHash = previous?.head ?? SHA256Hex.zero
        let id = Self.makeID()
        let atText = RFC3339.catalogString(from: at)
        let hash = AuditEntry.chainHash(
            seq: seq, id: id, at: atText, actor: actor, action: action, object: object,
            digest: digest, detail: detail, prevHash: prevHash)
        // Stored as the exact text hashed (not re-encoded from a Date).
        try db.execute(
            sql: """
                INSERT INTO audit (seq, id, at, actor, action, object, digest, detail, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [seq, id, atText, actor, action, object, digest, detail, prevHash, hash])
        return AuditEntry(
            seq: seq, id: id, at: RFC3339.date(from: atText) ?? at, actor: actor, action: action,
            object: object, digest: digest, detail: detail, prevHash: prevHash, hash: hash)
    }

    /// Entries with `seq > afterSeq`, in order, at most `limit`: the replication outbox.
    public func auditEntries(afterSeq: Int = 0, limit: Int = 1000) throws -> [AuditEntry] {
        try self.read("auditEntries") { db in
            try AuditEntry
                .filter(AuditEntry.Columns.seq > afterSeq)
                .order(AuditEntry.Columns.seq)
                .limit(limit)
                .fetchAll(db)
        }
    }

    /// Up to `limit` entries before entry `beforeSeq` (all the newest when nil), newest first: a page of
    /// the trail as people read it.
    public func auditEntries(beforeSeq: Int?, limit: Int) throws -> [AuditEntry] {
        try self.read("auditEntries") { db in
            var request = AuditEntry.order(AuditEntry.Columns.seq.desc).limit(limit)
            if let beforeSeq { request = request.filter(AuditEntry.Columns.seq < beforeSeq) }
            return try request.fetchAll(db)
        }
    }

    /// Entries about one object (`clip:<uuid>`, `session:<uuid>`, …), in order.
    public func auditEntries(object: String) throws -> [AuditEntry] {
        try self.read("auditEntries") { db in
            try AuditEntry
                .filter(AuditEntry.Columns.object == object)
                .order(AuditEntry.Columns.seq)
                .fetchAll(db)
        }
    }

    /// Walks the log by seq and checks, for each entry: that seq follows the previous one,
    /// that its hash is the hash of its fields, and that prev_hash is the previous entry's
    /// hash (64 zeros for the first). Then checks the log against the anchor file and, when one is
    /// configured, its copy elsewhere; then against the catalog's own rows (``auditCoverage(_:)``).
    ///
    /// Returns ``AuditVerification/broken(seq:reason:)`` naming the first bad entry: an edited
    /// entry (hash mismatch), a removed one (seq gap: the missing seq is named), reordered ones
    /// (hash or prev_hash mismatch), a removed tail (the log is shorter than an anchor says,
    /// or differs at the anchored entry; the first missing seq is named) or a missing anchor.
    /// An anchor that lags behind the log (a crash between commit and anchor write) is not
    /// an error. A chain that holds but lacks entries the catalog's rows prove were written (or
    /// names rows that do not exist) is ``AuditVerification/incomplete(count:head:gaps:)``.
    public func verifyAudit() throws -> AuditVerification {
        // Read the anchors before the snapshot: they are written after each commit, so the
        // snapshot is at least as new as what they describe.
        var anchors = [(label: "the anchor file \(self.auditAnchorPath.path)", reading: self.anchor.read())]
        if let copy = self.headCopy, let path = self.auditHeadCopyPath {
            anchors.append((label: "the audit head copy \(path.path)", reading: copy.read()))
        }
        return try self.read("verifyAudit") { db in
            var expectedSeq = 1
            var previousHash = SHA256Hex.zero
            var wanted: [Int: String] = [:]
            for anchor in anchors {
                if case .state(let state) = anchor.reading { wanted[state.count] = "" }
            }

            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT seq, id, at, actor, action, object, digest, detail, prev_hash, hash FROM audit ORDER BY seq")
            while let row = try rows.next() {
                let seq: Int = row["seq"]
                if seq != expectedSeq {
                    return .broken(
                        seq: expectedSeq,
                        reason: seq > expectedSeq
                            ? "entry \(expectedSeq) is missing (the next entry is \(seq))"
                            : "entry \(seq) is out of order (expected \(expectedSeq))")
                }
                let fields = (
                    id: row["id"] as String? ?? "", at: row["at"] as String? ?? "",
                    actor: row["actor"] as String? ?? "", action: row["action"] as String? ?? "",
                    object: row["object"] as String? ?? "", digest: row["digest"] as String? ?? "",
                    detail: row["detail"] as String? ?? "", prevHash: row["prev_hash"] as String? ?? "",
                    hash: row["hash"] as String? ?? "")
                let computed = AuditEntry.chainHash(
                    seq: seq, id: fields.id, at: fields.at, actor: fields.actor, action: fields.action,
                    object: fields.object, digest: fields.digest, detail: fields.detail, prevHash: fields.prevHash)
                if computed != fields.hash {
                    return .broken(seq: seq, reason: "entry \(seq) does not match its hash: it was altered")
                }
                if fields.prevHash != previousHash {
                    return .broken(
                        seq: seq,
                        reason: "entry \(seq) does not link to entry \(seq - 1): entries were removed, "
                            + "inserted or reordered")
                }
                if wanted[seq] != nil { wanted[seq] = fields.hash }
                previousHash = fields.hash
                expectedSeq += 1
            }
            let count = expectedSeq - 1
            wanted[0] = SHA256Hex.zero

            for (index, anchor) in anchors.enumerated() {
                if let broken = Self.check(anchor.reading, label: anchor.label, count: count, hashes: wanted,
                                           others: anchors[..<index].map(\.label)) {
                    return broken
                }
            }
            let gaps = try Self.auditCoverage(db)
            if !gaps.isEmpty { return .incomplete(count: count, head: previousHash, gaps: gaps) }
            return .intact(count: count, head: previousHash)
        }
    }

    /// The log (`count` entries; `hashes` at the anchored counts) against one anchor. `others`: the
    /// anchors already found to agree with the log, named when this one does not.
    private static func check(
        _ reading: AuditAnchor.Reading, label: String, count: Int, hashes: [Int: String], others: [String]
    ) -> AuditVerification? {
        let agreeing = others.isEmpty ? "" : " (the log agrees with \(others.joined(separator: " and ")): "
            + "the log and its anchor were rewritten together)"
        switch reading {
        case .missing:
            // The anchor next to the log is created with the empty log; a copy is created likewise,
            // so a copy missing with an empty log was configured before anything was written.
            if count > 0 || !others.isEmpty {
                return .broken(
                    seq: count,
                    reason: "\(label) is missing: removal of entries from the end cannot be ruled out")
            }
        case .unreadable(let why):
            return .broken(seq: count, reason: "\(label) is unreadable: \(why)")
        case .state(let state):
            if state.count > count {
                return .broken(
                    seq: count + 1,
                    reason: "the log ends at entry \(count) but \(label) records \(state.count) "
                        + "entries: entries \(count + 1)…\(state.count) were removed\(agreeing)")
            }
            if hashes[state.count] != state.head {
                return .broken(
                    seq: state.count,
                    reason: "entry \(state.count) does not have the hash \(label) records "
                        + "(\(state.head)): the log was rewritten\(agreeing)")
            }
        }
        return nil
    }

    /// Starts the audit head copy (``auditHeadCopyPath``) for a log that has entries already: the
    /// copy is otherwise created only with the empty log, like the anchor, so that a deleted copy is
    /// never silently remade. The log must verify intact first (against the anchor and the rows);
    /// an existing copy is never replaced. Writes nothing but the copy, so a read-only catalog will do.
    ///
    /// - Returns: the entries counted and the head written.
    @discardableResult
    public func startAuditHeadCopy() throws -> (count: Int, head: String) {
        guard let copy = self.headCopy, let path = self.auditHeadCopyPath else {
            throw EvidenceError(code: .invalidArgument, operation: "startAuditHeadCopy",
                                message: "no audit head copy is configured (audit_head_copy)", location: .here())
        }
        guard case .missing = copy.read() else {
            throw EvidenceError(code: .alreadyExists, operation: "startAuditHeadCopy", path: path.path,
                                message: "\(path.path) exists already; it is never replaced", location: .here())
        }
        // Checked without the copy: it is the one thing known to be missing.
        let verification = try Catalog(path: self.path, database: self.pool, auditHeadCopy: nil, readOnly: true).verifyAudit()
        guard case .intact(let count, let head) = verification else {
            throw EvidenceError(code: .invalidState, operation: "startAuditHeadCopy", path: self.path.path,
                                message: "the audit log does not verify, so its head is not copied: \(verification)",
                                location: .here())
        }
        try copy.write(AuditAnchor.State(count: count, head: head))
        return (count, head)
    }

    /// How many entries the anchor next to a catalog file records, or `nil` when it has none (or it
    /// cannot be read): a catalog missing beside an anchor that records entries was lost.
    public static func anchoredEntries(catalogAt path: URL) -> Int? {
        if case .state(let state) = AuditAnchor(path: Self.anchorPath(of: path).path).read() { return state.count }
        return nil
    }
}
