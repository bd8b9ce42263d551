/// How much a finding matters.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    /// The rules are not met (as far as the recordings show).
    case error
    /// The recording exists but its value as evidence is in doubt, or a finding could not be confirmed.
    case warning
    /// Worth knowing; nothing is wrong.
    case info

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
}
