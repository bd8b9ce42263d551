/// A case checked against the recordings: every step's result and every finding.
public struct CaseCheck: Sendable, Hashable, Codable {
    public var caseID: String
    public var steps: [StepCheck]
    /// By step (in case order), then severity, then kind.
    public var findings: [Finding]

    public init(caseID: String, steps: [StepCheck], findings: [Finding]) {
        self.caseID = caseID
        self.steps = steps
        self.findings = findings
    }

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id"
        case steps, findings
    }

    /// The findings of one kind (tests and reports).
    public func findings(_ kind: FindingKind) -> [Finding] { findings.filter { $0.kind == kind } }
}
