import Accounts

/// One account as the accounts page lists it.
public struct AccountListing: Sendable, Hashable {
    public var name: String
    public var role: Role
    /// `active`, `disabled`, `locked` (throttled), as the accounts store says.
    public var state: String

    public init(name: String, role: Role, state: String) {
        self.name = name
        self.role = role
        self.state = state
    }
}
