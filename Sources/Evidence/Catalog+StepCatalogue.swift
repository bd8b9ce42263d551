import Foundation
import GRDB

extension Catalog {
    /// The audit object of step catalogue changes.
    static let stepCatalogueObject = "step_catalogue"

    /// Records which step catalogue the case desk loaded, when it is not the one recorded last: an audit
    /// entry `catalogue.changed` about `step_catalogue`, with `old_sha256` (null the first time), `new_sha256`
    /// and `source` (`shipped` or `override`) in its detail and the new SHA-256 as its digest. The last
    /// one seen is the digest of the newest such entry, found through the audit's index on `object`
    /// (no scan of the log). Returns true when an entry was written.
    @discardableResult
    public func noteStepCatalogue(sha256: String, source: String, actor: String, at: Date) throws -> Bool {
        try SHA256Hex.validate(sha256, operation: "noteStepCatalogue")
        return try self.write("noteStepCatalogue") { db in
            let last = try Self.recordedStepCatalogue(db)
            guard last != sha256 else { return false }
            var detail = AuditDetail()
            detail.set("old_sha256", last)
            detail.set("new_sha256", sha256)
            detail.set("source", source)
            _ = try Self.appendAudit(db, actor: actor, action: "catalogue.changed", object: Self.stepCatalogueObject,
                                     digest: sha256, detail: detail.json, at: at)
            return true
        }
    }

    /// The SHA-256 of the step catalogue recorded last, or nil when none was (read-only).
    public func recordedStepCatalogue() throws -> String? {
        try self.read("recordedStepCatalogue") { db in try Self.recordedStepCatalogue(db) }
    }

    private static func recordedStepCatalogue(_ db: Database) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT digest FROM audit WHERE object = ? ORDER BY seq DESC LIMIT 1"),
            arguments: [stepCatalogueObject])
    }
}
