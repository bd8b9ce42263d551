/// What the media probe said about a clip's structure (`clip_media.integrity`).
public enum ClipIntegrity: String, Sendable, Hashable, Codable {
    case ok
    /// The recording stopped before the index was written (flat battery, pulled card).
    case truncated
    /// Damaged otherwise.
    case corrupt
    /// Not probed (yet).
    case unknown
}
