import Accounts

/// The catalog's accounts as the web layer's directory.
extension AccountBook: AccountDirectory {
    public func signIn(name: String, password: String) throws -> AccountState? {
        try authenticate(name: name, password: password).map(AccountState.init)
    }

    public func state(of name: String) throws -> AccountState? {
        try account(named: name).map(AccountState.init)
    }
}

extension AccountState {
    init(_ account: Account) {
        self.init(name: account.name, role: account.role, disabled: account.disabled, passwordChangedAt: account.password_changed_at)
    }
}
