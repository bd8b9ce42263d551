/// What reading every packet of a stream found (no decoding): how many, and the times they cover.
public struct PacketSpan: Sendable, Hashable, Codable {
    public var count: Int = 0
    public var keyframes: Int = 0
    public var bytes: Int64 = 0
    /// The earliest and latest packet time (pts, else dts) in seconds.
    public var firstTime: Double?
    public var lastTime: Double?
    /// The latest packet time plus that packet's duration: where the stream ends.
    public var endTime: Double?

    public init() {}

    mutating func add(time: Double?, duration: Double?, size: Int, keyframe: Bool) {
        count += 1
        bytes += Int64(size)
        if keyframe { keyframes += 1 }
        guard let time else { return }
        firstTime = min(firstTime ?? time, time)
        lastTime = max(lastTime ?? time, time)
        let end = time + max(duration ?? 0, 0)
        endTime = max(endTime ?? end, end)
    }

    enum CodingKeys: String, CodingKey {
        case count, keyframes, bytes
        case firstTime = "first_time"
        case lastTime = "last_time"
        case endTime = "end_time"
    }
}
