import Accounts
import Synchronization

/// The accounts as every request of a signed-in session asks them (is it still enabled, with the same
/// password?), remembered per account while the catalog's data version stays where it was before the
/// account was read: nothing committed since, by this process or another (`recgate user disable` on the
/// command line), so the account is as it was. A read from the catalog's pool of connections cost more
/// than the rest of a small request.
public final class AccountStateMemo: AccountDirectory {
    private let base: any AccountDirectory
    private let version: @Sendable () throws -> Int64
    private let kept = Mutex<[String: (version: Int64, state: AccountState?)]>([:])

    /// `version`: the catalog's data version now (`Catalog.dataVersion()`).
    public init(_ base: any AccountDirectory, version: @escaping @Sendable () throws -> Int64) {
        self.base = base
        self.version = version
    }

    public func signIn(name: String, password: String) throws -> AccountState? {
        try base.signIn(name: name, password: password)
    }

    public func state(of name: String) throws -> AccountState? {
        let now = try version()
        if let known = kept.withLock({ $0[name] }), known.version == now { return known.state }
        let state = try base.state(of: name)
        kept.withLock { kept in
            // Names asked for are accounts with sessions (or names someone made up): a bound keeps a flood of
            // made-up names from growing the table.
            if kept.count >= 4096 { kept.removeAll() }
            kept[name] = (now, state)
        }
        return state
    }
}
