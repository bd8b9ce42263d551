/// One thing the check found about a step (or, for `unmatched_clip`, near one).
public struct Finding: Sendable, Hashable, Codable {
    public var kind: FindingKind
    public var severity: Severity
    public var stepID: String?
    /// The article that asks for what is missing or doubtful (`11(2)`), nil when none does.
    public var article: String?
    public var evidence: FindingEvidence
    public var explanation: Explanation

    public init(kind: FindingKind, severity: Severity, stepID: String?, article: String?, evidence: FindingEvidence, explanation: Explanation) {
        self.kind = kind
        self.severity = severity
        self.stepID = stepID
        self.article = article
        self.evidence = evidence
        self.explanation = explanation
    }

    enum CodingKeys: String, CodingKey {
        case kind, severity
        case stepID = "step_id"
        case article, evidence, explanation
    }
}
