import Evidence
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
