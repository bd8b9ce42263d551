/// What decoding every packet of a stream found (`--deep`).
public struct DecodeCount: Sendable, Hashable, Codable {
    public var frames: Int = 0
    /// Packets the decoder refused, failed decode calls, and frames the decoder marked damaged.
    public var errors: Int = 0

    public init() {}
}
