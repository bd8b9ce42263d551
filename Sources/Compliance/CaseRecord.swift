/// One case: its identity and the steps that are checked.
public struct CaseRecord: Sendable, Hashable, Codable {
    public var caseID: String
    public var title: String?
    public var department: String?
    public var steps: [CaseStep]

    public init(caseID: String, title: String? = nil, department: String? = nil, steps: [CaseStep]) {
        self.caseID = caseID
        self.title = title
        self.department = department
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id"
        case title, department, steps
    }
}
