import Digest

/// A file made from a recording (a faststart copy, a review proxy, a contact sheet): where it is, its
/// digests taken while it was made, and how it was made. It is what the catalog's row linking a
/// derived file to its source is built from.
public struct DerivedFile: Sendable, Hashable, Codable {
    /// What kind of derived file it is.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A stream copy of an MP4 with its index moved before the media data, for web playback.
        case faststart
        /// A small H.264/AAC MP4 for review.
        case proxy
        /// One JPEG of key-frame thumbnails.
        case contactSheet = "contact_sheet"
    }

    /// Where the file was published.
    public var path: String
    /// The SHA-256 of the file's bytes, lowercase hex (the same as `digests.sha256`).
    public var sha256: String
    /// Every digest computed (SHA-256 always; SM3 when asked for).
    public var digests: DigestSet
    /// The file's size in bytes.
    public var size: Int64
    public var kind: Kind
    /// The recording it was made from, as it was opened.
    public var sourcePath: String
    /// The recording's SHA-256 when the caller knew it (a clip from the store); nil for a loose file.
    public var sourceSHA256: String?
    /// How it was made, in a few words: `proxy h264 libx264 veryfast crf28 640x360 aac 64k faststart`.
    public var recipe: String

    public init(
        path: String, digests: DigestSet, size: Int64, kind: Kind, sourcePath: String, sourceSHA256: String?,
        recipe: String
    ) {
        self.path = path
        self.sha256 = digests.sha256
        self.digests = digests
        self.size = size
        self.kind = kind
        self.sourcePath = sourcePath
        self.sourceSHA256 = sourceSHA256
        self.recipe = recipe
    }

    enum CodingKeys: String, CodingKey {
        case path, sha256, digests, size, kind, recipe
        case sourcePath = "source_path"
        case sourceSHA256 = "source_sha256"
    }
}
