import Compliance
import ComplianceCatalog

/// One case checked: the record as imported, its revision, and the check.
public struct CaseCheckResult: Sendable {
    public let record: CaseRecord
    /// The case file's revision in the catalog (nil when it cannot be read).
    public let revision: Int?
    public let check: CaseCheck
}

extension CaseDeskSetup {
    /// Checks case `caseID` against the catalog's clips, custody and clock; nil when the catalog has no
    /// case by that id.
    public func check(caseID: String) throws -> CaseCheckResult? {
        guard let record = try desk.record(caseID: caseID) else { return nil }
        let check = try desk.checker.check(record)
        let revision = (try? desk.catalog.caseFile(id: caseID)?.revision) ?? nil
        return CaseCheckResult(record: record, revision: revision, check: check)
    }
}
