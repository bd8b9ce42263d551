import Media

/// What was done for one stored clip so a browser can play it: the one answer the derived-media queue
/// and `recgate derive` give.
public struct Derivation: Sendable, Hashable, Codable {
    /// What was done: `nothing`, `faststart`, `proxy`, `recovered+proxy`, or `failed`.
    public enum Done: String, Sendable, Hashable, Codable {
        case nothing, faststart, proxy
        case recoveredProxy = "recovered+proxy"
        case failed
    }

    public var clipID: String?
    public var sha256: String
    public var done: Done
    /// Why (for `nothing`: why nothing was made; for a file: why the clip needed it), or the error.
    public var reason: String
    /// The file made and catalogued, when one was.
    public var derived: DerivedFile?

    enum CodingKeys: String, CodingKey {
        case clipID = "clip_id"
        case sha256, done, reason, derived
    }
}
