import Crypto
import Foundation
import GRDB

extension Catalog {
    /// Imports the cases of one file in one transaction: all of them or none. A new case gets
    /// revision 1; a case whose document changed gets the next revision (the old one stays in
    /// `case_revision`) and its steps are replaced; an identical document changes nothing.
    ///
    /// Audit: `case.import` for a new case, `case.update` for a new revision, with the document's digest.
    public func importCases(_ cases: [NewCase], source: String, actor: String, at: Date) throws -> [CaseImportOutcome] {
        var seen = Set<String>()
        for c in cases where !seen.insert(c.caseID).inserted {
            throw EvidenceError(code: .invalidArgument, operation: "importCases",
                                message: "case \(c.caseID) appears twice in \(source)", location: .here())
        }
        return try self.write("importCases") { db in
            try cases.map { try Self.importCase(db, $0, source: source, actor: actor, at: at) }
        }
    }

    private static func importCase(_ db: Database, _ new: NewCase, source: String, actor: String, at: Date) throws
        -> CaseImportOutcome
    {
        let digest = SHA256Hex.encode(SHA256.hash(data: Data(new.document.utf8)))
        let existing = try CaseFileRow.fetchOne(db, key: new.caseID)
        if existing?.digest == digest { return .unchanged }
        let revision = (existing?.revision ?? 0) + 1
        let current = CaseFileRow(caseID: new.caseID, title: new.title, department: new.department, revision: revision,
                                  digest: digest, document: new.document, importedAt: at, actor: actor)
        try current.save(db)
        try CaseRevisionRow(id: makeID(), caseID: new.caseID, revision: revision, digest: digest,
                            document: new.document, source: source, importedAt: at, actor: actor).insert(db)
        try db.execute(sql: "DELETE FROM case_step WHERE case_id = ?", arguments: [new.caseID])
        for step in new.steps {
            try db.execute(sql: """
                INSERT INTO case_step (case_id, step_id, type, start_s, end_s, officers, devices, full_process)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [new.caseID, step.stepID, step.type,
                                 Int64(step.start.timeIntervalSince1970.rounded(.down)),
                                 Int64(step.end.timeIntervalSince1970.rounded(.up)),
                                 jsonArray(step.officers), jsonArray(step.devices), step.fullProcess])
        }
        var detail = AuditDetail()
        detail.set("case_id", new.caseID)
        detail.set("revision", revision)
        detail.set("source", source)
        detail.set("steps", new.steps.count)
        _ = try appendAudit(db, actor: actor, action: existing == nil ? "case.import" : "case.update",
                            object: "case:\(new.caseID)", digest: digest, detail: detail.json, at: at)
        return existing == nil ? .created : .updated
    }

    /// The current revision of a case.
    public func caseFile(id: String) throws -> CaseFileRow? {
        try self.read("caseFile") { db in
            try CaseFileRow.fetchOne(db.cachedStatement(sql: Self.caseFileSQL), arguments: [id])
        }
    }

    static let caseFileSQL = "SELECT * FROM case_file WHERE case_id = ?"

    /// Every revision of a case, oldest first.
    public func caseRevisions(id: String) throws -> [CaseRevisionRow] {
        try self.read("caseRevisions") { db in
            try CaseRevisionRow.filter(Column("case_id") == id).order(Column("revision")).fetchAll(db)
        }
    }

    /// The ids of every case with a step ending at or after `since` (all cases when nil), by id.
    public func caseIDs(since: Date? = nil) throws -> [String] {
        try self.read("caseIDs") { db in
            guard let since else {
                return try String.fetchAll(db, sql: "SELECT case_id FROM case_file ORDER BY case_id")
            }
            return try String.fetchAll(db, sql: """
                SELECT DISTINCT case_id FROM case_step WHERE end_s >= ? ORDER BY case_id
                """, arguments: [Int64(since.timeIntervalSince1970)])
        }
    }

    private static func jsonArray(_ values: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
    }
}
