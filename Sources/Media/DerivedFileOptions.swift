import Digest

/// What every derived file is made with, whatever its kind.
public struct DerivedFileOptions: Sendable, Hashable {
    /// Digests taken of the output (SHA-256 always).
    public var digests: [DigestAlgorithm]
    /// The source recording's SHA-256 when the caller knows it (a clip from the store), carried into
    /// `DerivedFile.sourceSHA256` for the catalog row.
    public var sourceSHA256: String?
    /// fsync the file and its folder before it is returned, so that a catalog row written afterwards
    /// never points at a file a crash could leave empty. On by default.
    public var durable: Bool

    public init(digests: [DigestAlgorithm] = [.sha256], sourceSHA256: String? = nil, durable: Bool = true) {
        self.digests = digests
        self.sourceSHA256 = sourceSHA256
        self.durable = durable
    }
}
