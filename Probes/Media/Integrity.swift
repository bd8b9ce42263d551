/// Whether a recording is whole.
public enum Integrity: String, Sendable, Hashable, Codable, Comparable {
    /// Opens, parses and (with a deep check) decodes without errors.
    case ok
    /// Cut short: an MP4/MOV without its index (`moov`), or whose index or data run past the end of the
    /// file, or whose data runs on past what the index describes; a RIFF (AVI, WAV) or JPEG file that
    /// ends before its own structure says it does. The data that is there may be recoverable.
    case truncated
    /// Cannot be opened or parsed, is empty or garbage, or (with a deep check) fails to decode.
    case corrupt

    private var rank: Int {
        switch self {
        case .ok: 0
        case .truncated: 1
        case .corrupt: 2
        }
    }

    public static func < (lhs: Integrity, rhs: Integrity) -> Bool { lhs.rank < rhs.rank }
}
