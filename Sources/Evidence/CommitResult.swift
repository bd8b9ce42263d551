/// What ``EvidenceStore/commit(_:sha256:)`` did with a staging file.
public enum CommitResult: Sendable, Hashable {
    /// The bytes are now the object at `path`.
    case stored(path: String)
    /// An object with this sha256 was there already; the staging file was deleted and the
    /// object left untouched.
    case alreadyPresent(path: String)

    /// The object's path, either way.
    public var path: String {
        switch self {
        case .stored(let path), .alreadyPresent(let path): path
        }
    }
}
