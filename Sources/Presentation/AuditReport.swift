import Evidence

/// `recgate audit verify --json`.
public struct AuditReport: Encodable, Sendable {
    public var ok: Bool
    public var entries: Int?
    public var head: String?
    public var firstBadEntry: Int?
    public var reason: String?
    /// What the catalog's rows prove is missing from the log (or entries naming rows that do not exist).
    public var missing: [Gap]?

    public struct Gap: Encodable, Sendable {
        public var kind: String
        public var action: String
        public var object: String
        public var entry: Int?
        public var sha256: String?
        public var message: String

        public init(kind: String, action: String, object: String, entry: Int?, sha256: String?, message: String) {
            self.kind = kind
            self.action = action
            self.object = object
            self.entry = entry
            self.sha256 = sha256
            self.message = message
        }
    }

    public init(ok: Bool, entries: Int? = nil, head: String? = nil, firstBadEntry: Int? = nil, reason: String? = nil,
                missing: [Gap]? = nil) {
        self.ok = ok
        self.entries = entries
        self.head = head
        self.firstBadEntry = firstBadEntry
        self.reason = reason
        self.missing = missing
    }

    enum CodingKeys: String, CodingKey {
        case ok, entries, head, reason, missing
        case firstBadEntry = "first_bad_entry"
    }
}

extension AuditReport {
    /// Why an incomplete log is not intact, for people and scripts alike.
    static func incompleteReason(_ count: Int) -> String {
        "the chain holds (\(count) entries) but lacks what the catalog proves was written, "
            + "or names rows that do not exist: entries were removed and the chain rebuilt, or rows deleted"
    }

    /// The verification as `recgate audit verify --json` prints it.
    public init(_ verification: AuditVerification) {
        switch verification {
        case .intact(let count, let head):
            self.init(ok: true, entries: count, head: head)
        case .broken(let seq, let reason):
            self.init(ok: false, firstBadEntry: seq, reason: reason)
        case .incomplete(let count, let head, let gaps):
            self.init(
                ok: false, entries: count, head: head, firstBadEntry: gaps.compactMap(\.seq).min(),
                reason: Self.incompleteReason(count),
                missing: gaps.map { .init(kind: $0.kind.rawValue, action: $0.action, object: $0.object,
                                          entry: $0.seq, sha256: $0.sha256, message: $0.description) })
        }
    }

    /// The verification for people: one line, and each gap of an incomplete log.
    public static func lines(_ verification: AuditVerification) -> [String] {
        switch verification {
        case .intact(let count, let head):
            ["audit chain intact: \(count) entries, head \(head)"]
        case .broken(let seq, let reason):
            ["audit chain BROKEN at entry \(seq): \(reason)"]
        case .incomplete(let count, _, let gaps):
            ["audit log INCOMPLETE: \(incompleteReason(count))"]
                + gaps.map { "  \($0.kind.rawValue.uppercased()) \($0)" }
        }
    }
}
