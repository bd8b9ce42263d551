/// The result of ``Catalog/verifyAudit()``.
public enum AuditVerification: Sendable, Hashable {
    /// Every entry links to the one before it, every hash matches its entry, the log reaches at
    /// least as far as the anchor files say, and every row that needs an entry has it. `head` is
    /// the last entry's hash (64 zeros for an empty log).
    case intact(count: Int, head: String)
    /// The first entry found wrong, and why. For a removed tail, `seq` is the first missing one.
    case broken(seq: Int, reason: String)
    /// The chain holds, but the catalog's rows prove entries that are not in it (a clip row without
    /// its `clip.stored`, a session without its `offload.begin`, …) or entries name rows that do not
    /// exist: entries were removed and the chain rebuilt. Each problem names what is missing.
    case incomplete(count: Int, head: String, gaps: [AuditGap])

    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }
}
