import Accounts

/// What the web layer needs of the accounts: proving a password, and an account's state now.
public protocol AccountDirectory: Sendable {
    /// The account when `password` is its password and it is not disabled; nil otherwise.
    func signIn(name: String, password: String) throws -> AccountState?
    /// The account's state now; nil when there is no such account.
    func state(of name: String) throws -> AccountState?
}

/// An account as sessions see it.
public struct AccountState: Sendable, Hashable {
    public var name: String
    public var role: Role
    public var disabled: Bool
    /// Changes with each new password: sessions begun before it end.
    public var passwordChangedAt: String

    public init(name: String, role: Role, disabled: Bool, passwordChangedAt: String) {
        self.name = name
        self.role = role
        self.disabled = disabled
        self.passwordChangedAt = passwordChangedAt
    }
}
