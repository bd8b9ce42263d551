/// One clip verified on demand (`POST /api/clips/{id}/verify`): its stored bytes read again and
/// hashed, against the digests the catalog holds.
public struct ClipVerificationReport: Codable, Sendable {
    public var id: String
    public var sha256: String
    public var sm3: String?
    /// Every digest matched.
    public var ok: Bool
    /// `missing`, `mismatch` or `unreadable` when not ok.
    public var problem: String?
    public var detail: String?
    public var checked_at: String

    public init(id: String, sha256: String, sm3: String?, ok: Bool, problem: String?, detail: String?, checked_at: String) {
        self.id = id
        self.sha256 = sha256
        self.sm3 = sm3
        self.ok = ok
        self.problem = problem
        self.detail = detail
        self.checked_at = checked_at
    }
}
