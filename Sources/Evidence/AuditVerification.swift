/// The result of ``Catalog/verifyAudit()``.
public enum AuditVerification: Sendable, Hashable {
    /// Every entry links to the one before it, every hash matches its entry, and the log
    /// reaches at least as far as the anchor file says. `head` is the last entry's hash
    /// (64 zeros for an empty log).
    case intact(count: Int, head: String)
    /// The first entry found wrong, and why. For a removed tail, `seq` is the first missing one.
    case broken(seq: Int, reason: String)

    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }
}
