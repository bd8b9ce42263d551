import Evidence

/// An account as the gateway shows it (`recgate user list --json`, the HTTP API): never its password
/// hash. Times are RFC 3339 UTC.
public struct Account: Codable, Sendable, Hashable {
    public var name: String
    public var role: Role
    public var disabled: Bool
    public var created_at: String
    public var password_changed_at: String

    public init(name: String, role: Role, disabled: Bool, created_at: String, password_changed_at: String) {
        self.name = name
        self.role = role
        self.disabled = disabled
        self.created_at = created_at
        self.password_changed_at = password_changed_at
    }

    /// The account of a catalog row; nil for a role this build does not know (the table's check allows
    /// only the five, so only a newer catalog could hold one).
    init?(_ row: AccountRow) {
        guard let role = Role(rawValue: row.role) else { return nil }
        self.init(name: row.name, role: role, disabled: row.disabledAt != nil, created_at: row.createdAt,
                  password_changed_at: row.passwordChangedAt)
    }
}
