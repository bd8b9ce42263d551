import Evidence
import Foundation
import Offload

extension Gateway {
    /// Checks the audit chain, and that it holds everything the catalog's rows prove was written
    /// (the catalog opened read-only).
    public func verifyAudit() throws -> AuditVerification {
        try catalogForReading().verifyAudit()
    }

    /// Starts the configured `audit_head_copy` from the verified log head (never over an existing copy).
    /// Returns where the copy is, and the entries and head it started with.
    public func startAuditHeadCopy() throws -> (path: String?, count: Int, head: String) {
        let catalog = try home.openCatalogForReading(try configuration())
        let started = try catalog.startAuditHeadCopy()
        return (catalog.auditHeadCopyPath?.path, started.count, started.head)
    }
}

extension Gateway {
    /// Appends one entry to the audit log for something a person did that changes no other row: a
    /// sign-in, a clip viewed or downloaded, a bay's power switched. `detail` becomes a small JSON object.
    public func audit(action: String, object: String, digest: String = "", actor: String, detail: [String: String]) throws {
        let data = try JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys, .withoutEscapingSlashes])
        try catalog().appendAudit(actor: actor, action: action, object: object, digest: digest,
                                  detail: String(decoding: data, as: UTF8.self), at: Date())
    }
}
