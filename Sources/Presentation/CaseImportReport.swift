import ComplianceCatalog

/// `recgate case import --json`: `{"file", "imported": true, "cases": [{case_id, outcome, revision, steps}]}`.
public struct CaseImportReport: Encodable, Sendable {
    public var file: String
    public var imported = true
    public var cases: [CaseImportResult]

    public init(file: String, cases: [CaseImportResult]) {
        self.file = file
        self.cases = cases
    }
}
