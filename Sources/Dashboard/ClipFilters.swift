/// The filters of the clip search form as the request gave them (GET /clips), echoed into the form and
/// carried by the next-page link. Empty or nil fields are no filter.
public struct ClipFilters: Sendable, Hashable {
    public var device: String?
    public var officer: String?
    public var caseID: String?
    public var step: String?
    /// RFC 3339 with its offset (`2026-11-03T09:30:00+08:00`).
    public var from: String?
    public var to: String?
    public var kind: String?
    public var integrity: String?
    public var status: String?
    public var sort: String?

    public init(device: String? = nil, officer: String? = nil, caseID: String? = nil, step: String? = nil, from: String? = nil,
                to: String? = nil, kind: String? = nil, integrity: String? = nil, status: String? = nil, sort: String? = nil) {
        self.device = device
        self.officer = officer
        self.caseID = caseID
        self.step = step
        self.from = from
        self.to = to
        self.kind = kind
        self.integrity = integrity
        self.status = status
        self.sort = sort
    }

    /// The query parameters, in the form's order (`case` for the case id).
    var items: [(String, String?)] {
        [("device", device), ("officer", officer), ("case", caseID), ("step", step), ("from", from), ("to", to),
         ("kind", kind), ("integrity", integrity), ("status", status), ("sort", sort)]
    }

    /// The choices of the select filters, as the clip search takes them (`none`: never probed).
    static let kinds = ["video", "audio", "photo"]
    static let integrities = ["ok", "truncated", "corrupt", "none"]
    static let statuses = ["verified", "released"]
    /// Newest recording first is the search's default.
    static let sorts = ["-recorded", "recorded", "-stored", "stored"]
}
