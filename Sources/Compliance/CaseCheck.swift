/// A case checked against the recordings: every step's result and every finding.
public struct CaseCheck: Sendable, Hashable, Codable {
    public var caseID: String
    public var steps: [StepCheck]
    /// By step (in case order), then severity, then kind.
    public var findings: [Finding]
    /// The step catalogue the check used (nil for a catalogue made in code).
    public var catalogue: CatalogueIdentity?

    public init(caseID: String, steps: [StepCheck], findings: [Finding], catalogue: CatalogueIdentity? = nil) {
        self.caseID = caseID
        self.steps = steps
        self.findings = findings
        self.catalogue = catalogue
    }

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id"
        case steps, findings, catalogue
    }

    /// The findings of one kind (tests and reports).
    public func findings(_ kind: FindingKind) -> [Finding] { findings.filter { $0.kind == kind } }
}
