/// What the clip page's player plays: the web layer picks the file and gives its URL, and the page says
/// which file it is, so nobody takes a review copy for the evidence.
public struct PlayerSource: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A smaller transcode made for review: not the evidence.
        case proxy
        /// The original's streams re-muxed with the index first (for seeking in a browser): not the
        /// evidence's bytes either.
        case faststart
        /// The stored evidence itself.
        case original
    }

    public var url: String
    public var kind: Kind

    public init(url: String, kind: Kind) {
        self.url = url
        self.kind = kind
    }

    var label: Strings {
        switch kind {
        case .proxy: .playsProxy
        case .faststart: .playsFaststart
        case .original: .playsOriginal
        }
    }
}
