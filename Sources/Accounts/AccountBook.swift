import Evidence
import Foundation
import HummingbirdBcrypt

/// The gateway's accounts, on a catalog: adding, changing a password, disabling, listing, and checking a
/// password at sign-in. Every change is one catalog transaction with its audit entry (``AccountRows``).
///
/// bcrypt is meant to be slow (a good part of a second at cost 12; each step of the cost doubles it):
/// every method that hashes or compares a password blocks its thread that long, so a server calls them
/// off its event loops.
public struct AccountBook: Sendable {
    /// The cost of new hashes when nothing else is configured (`password_cost`).
    public static let defaultCost = 12

    public let rows: AccountRows
    /// bcrypt's cost (log2 of its rounds) for new hashes.
    public let cost: Int
    /// The clock of changes.
    let now: @Sendable () -> Date
    /// bcrypt's comparison of a password with a hash; tests pass one that records each call before making it.
    let verify: @Sendable (_ password: String, _ hash: String) -> Bool

    /// - Parameter cost: 4 to 31 (bcrypt's range; `password_cost` allows 10 to 16).
    public init(catalog: Catalog, cost: Int = AccountBook.defaultCost, now: @escaping @Sendable () -> Date = Date.init) {
        self.init(catalog: catalog, cost: cost, now: now, verify: { Bcrypt.verify($0, hash: $1) })
    }

    init(catalog: Catalog, cost: Int, now: @escaping @Sendable () -> Date,
         verify: @escaping @Sendable (_ password: String, _ hash: String) -> Bool) {
        precondition((4...31).contains(cost), "bcrypt's cost is 4 to 31, not \(cost)")
        self.rows = AccountRows(catalog: catalog)
        self.cost = cost
        self.now = now
        self.verify = verify
    }

    /// Adds an enabled account. Throws for a name or password that breaks its rule, or a name taken.
    @discardableResult
    public func add(name: String, role: Role, password: String, actor: String) throws(AccountError) -> Account {
        let name = try AccountName.normalized(name)
        if let problem = PasswordRule.problem(password) { throw .invalidPassword(reason: problem) }
        let hash = Bcrypt.hash(password, cost: UInt8(cost))
        return try account(catalog(about: name) { try rows.insert(name: name, role: role.rawValue, passwordHash: hash, actor: actor, at: now()) })
    }

    /// Sets an enabled account's password. Throws for a password that breaks the rule, an unknown name or
    /// a disabled account.
    @discardableResult
    public func setPassword(name: String, password: String, actor: String) throws(AccountError) -> Account {
        let name = try AccountName.normalized(name)
        if let problem = PasswordRule.problem(password) { throw .invalidPassword(reason: problem) }
        let hash = Bcrypt.hash(password, cost: UInt8(cost))
        return try account(catalog(about: name) { try rows.updatePassword(name: name, passwordHash: hash, actor: actor, at: now()) })
    }

    /// Disables an account for good: it can no longer sign in, and its row and history stay.
    @discardableResult
    public func disable(name: String, actor: String) throws(AccountError) -> Account {
        let name = try AccountName.normalized(name)
        return try account(catalog(about: name) { try rows.disable(name: name, actor: actor, at: now()) })
    }

    /// Every account, by name.
    public func list() throws(AccountError) -> [Account] {
        try catalog { try rows.list() }.compactMap(Account.init)
    }

    /// The account with this name (any ASCII case), or nil (also for a name no account could have).
    public func account(named name: String) throws(AccountError) -> Account? {
        guard let name = try? AccountName.normalized(name) else { return nil }
        return try catalog { try rows.fetch(name: name) }.flatMap(Account.init)
    }

    /// The account when `password` is its password and it is enabled; nil otherwise.
    ///
    /// Whether the name is unknown, the account disabled or the password wrong, the same bcrypt work is
    /// spent (an unknown name is compared against a fixed hash of this book's cost), so the time taken
    /// does not tell which names exist. A password bcrypt would not read whole (over 72 bytes, or with a
    /// control character) is refused without comparing: that depends on the attempt only.
    public func authenticate(name: String, password: String) throws(AccountError) -> Account? {
        var row: AccountRow?
        if let name = try? AccountName.normalized(name) { row = try catalog { try rows.fetch(name: name) } }
        guard PasswordRule.comparable(password) else { return nil }
        // Fetched whether or not it is needed: the first attempt of a process pays for making it either way.
        let dummy = DummyHash.of(cost: cost)
        guard let row else {
            _ = verify(password, dummy)
            return nil
        }
        let matches = verify(password, row.passwordHash)
        guard matches, row.disabledAt == nil else { return nil }
        return Account(row)
    }

    private func account(_ row: AccountRow) throws(AccountError) -> Account {
        guard let account = Account(row) else { throw .catalog("the account \(row.name) has an unknown role \(row.role)") }
        return account
    }

    /// Runs a catalog call, turning its errors into ``AccountError``; `name` is the account it is about.
    private func catalog<T>(about name: String? = nil, _ body: () throws -> T) throws(AccountError) -> T {
        do {
            return try body()
        } catch let error as EvidenceError {
            switch (error.code, name) {
            case (.alreadyExists, let name?):
                throw .duplicateName(existing: (try? rows.fetch(name: name))??.name ?? name)
            case (.notFound, let name?):
                throw .unknownName(name)
            case (.invalidState, let name?):
                if let row = try? rows.fetch(name: name), let since = row.disabledAt { throw .disabled(row.name, since: since) }
                throw .catalog(error.message)
            default:
                throw .catalog("the catalog failed: \(error.message)")
            }
        } catch {
            throw .catalog("the catalog failed: \(error)")
        }
    }
}
