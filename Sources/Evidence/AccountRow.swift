import GRDB

/// One account of a person who uses the gateway (table `account`): the name is its key, the password is
/// kept only as a bcrypt hash. Rows are never deleted: an account that must go is disabled, so the audit
/// entries naming it always name a row. Times are the catalog's RFC 3339 UTC text, as stored.
public struct AccountRow: Codable, Sendable, Hashable {
    public var name: String
    /// The raw value of the account's role (the Accounts module's `Role`).
    public var role: String
    /// The bcrypt hash (`$2b$COST$…`), never the password.
    public var passwordHash: String
    /// When the account was disabled; nil while it may sign in.
    public var disabledAt: String?
    public var createdAt: String
    public var passwordChangedAt: String

    public init(name: String, role: String, passwordHash: String, disabledAt: String?, createdAt: String,
                passwordChangedAt: String) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.disabledAt = disabledAt
        self.createdAt = createdAt
        self.passwordChangedAt = passwordChangedAt
    }

    enum CodingKeys: String, CodingKey {
        case name, role
        case passwordHash = "password_hash"
        case disabledAt = "disabled_at"
        case createdAt = "created_at"
        case passwordChangedAt = "password_changed_at"
    }
}

extension AccountRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "account"
}
