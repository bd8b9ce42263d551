import GRDB

/// The state of an offload session. Column `offload_session.status`.
public enum SessionStatus: String, Codable, Sendable, Hashable, CaseIterable, DatabaseValueConvertible {
    /// Copying now (or the gateway stopped while it was: see ``interrupted``).
    case running
    /// Every recording was stored or found already stored.
    case completed
    /// The session ended with failures.
    case failed
    /// The gateway stopped during the session; found `running` at the next start-up.
    case interrupted
}
