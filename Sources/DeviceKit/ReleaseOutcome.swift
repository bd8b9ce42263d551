/// What became of a release.
public enum ReleaseOutcome: Sendable, Equatable {
    /// The device's copy, provably the one read and verified, is deleted.
    case released
    /// The device's copy was kept, for the reason given (not read in this run, changed, gone).
    case skipped(String)
}
