/// The accounts, by name: the document of `recgate user list --json`.
public struct AccountList: Codable, Sendable, Hashable {
    public var accounts: [Account]

    public init(accounts: [Account]) {
        self.accounts = accounts
    }
}
