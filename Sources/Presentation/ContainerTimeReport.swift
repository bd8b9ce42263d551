import Evidence

/// `container_time` in `recgate devices --json`: the reading of creation_time the device's clips
/// support (`utc` or `local_digits`, null while even), and how many clips support each.
public struct ContainerTimeReport: Encodable, Sendable {
    public var reading: String?
    public var utc_clips: Int
    public var local_digit_clips: Int

    public init(_ habit: DeviceTimeHabit) {
        reading = habit.containerReading?.rawValue
        utc_clips = habit.utcClips
        local_digit_clips = habit.localDigitClips
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(reading, forKey: .reading)
        try c.encode(utc_clips, forKey: .utc_clips)
        try c.encode(local_digit_clips, forKey: .local_digit_clips)
    }

    enum CodingKeys: String, CodingKey { case reading, utc_clips, local_digit_clips }
}
