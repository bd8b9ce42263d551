/// Which step catalogue a check used: the shipped one or a home's `steps.json` override, and the
/// SHA-256 of the file's bytes. Every check and report carries it, so a finding can be traced to the
/// rules in force (an override may define a step type differently from the shipped file).
public struct CatalogueIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Source: String, Sendable, Hashable, Codable {
        /// The catalogue shipped with recgate (`Resources/steps.json`).
        case shipped
        /// `<home>/steps.json`.
        case override
    }

    public var source: Source
    /// Lowercase hex of the file's SHA-256.
    public var sha256: String

    public init(source: Source, sha256: String) {
        self.source = source
        self.sha256 = sha256
    }

    /// `override steps.json sha256 3a5c…` / `shipped, sha256 …`.
    public var description: String {
        (source == .shipped ? "shipped" : "override (steps.json)") + ", sha256 \(sha256)"
    }
}
