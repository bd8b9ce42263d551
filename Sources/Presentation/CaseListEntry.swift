/// One case in the catalog as `GET /api/cases` lists it.
public struct CaseListEntry: Codable, Sendable {
    public var case_id: String
    public var title: String?
    public var department: String?
    /// The current revision (each import that changed the case made a new one).
    public var revision: Int
    public var imported_at: String

    public init(case_id: String, title: String?, department: String?, revision: Int, imported_at: String) {
        self.case_id = case_id
        self.title = title
        self.department = department
        self.revision = revision
        self.imported_at = imported_at
    }
}
