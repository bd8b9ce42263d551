import Compliance
import Evidence
import Foundation

/// Cases in the catalog: import case, custody and clock files, and check cases against the clips
/// the catalog holds. What the command line and the daemon use.
public struct CaseDesk: Sendable {
    public let catalog: Catalog
    public let catalogue: StepCatalogue
    public let checker: ComplianceChecker

    public init(catalog: Catalog, catalogue: StepCatalogue, policy: CheckPolicy = CheckPolicy()) {
        self.catalog = catalog
        self.catalogue = catalogue
        self.checker = ComplianceChecker(
            catalogue: catalogue, policy: policy, clips: CatalogClipSource(catalog: catalog),
            custody: CatalogCustody(catalog: catalog), clocks: CatalogClockReadings(catalog: catalog))
    }

    /// Reads a case file (JSON or CSV by its extension) and stores every case in it, or none: a file
    /// with problems throws ``ImportFailure`` with all of them and stores nothing.
    public func importCases(from file: URL, actor: String, at: Date = Date()) throws
        -> [(caseID: String, outcome: CaseImportOutcome)]
    {
        let records = try CaseFile.load(contentsOf: file, catalogue: catalogue)
        let outcomes = try catalog.importCases(try records.map(NewCase.init), source: file.lastPathComponent,
                                               actor: actor, at: at)
        return Array(zip(records.map(\.caseID), outcomes))
    }

    /// Reads a custody file and stores its periods, or none.
    public func importCustody(from file: URL, actor: String, at: Date = Date()) throws -> CustodyImportResult {
        let records = try CustodyFile.load(contentsOf: file)
        return try catalog.importCustody(records.map(NewCustody.init), source: "file:\(file.lastPathComponent)",
                                         actor: actor, at: at)
    }

    /// The current revision of a case, or nil when the catalog has none by that id.
    public func record(caseID: String) throws -> CaseRecord? {
        try catalog.caseFile(id: caseID).map { try CaseRecord(document: $0.document) }
    }

    /// Checks one case, against one snapshot of the catalog (every query of the check in one read
    /// transaction: the check sees one state of the catalog, and a hundred small queries cost one
    /// transaction).
    public func check(caseID: String) throws -> CaseCheck? {
        try catalog.reading {
            try record(caseID: caseID).map { try checker.check($0) }
        }
    }
}
