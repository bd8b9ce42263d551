/// How sure a driver is that a device is its own, as FFmpeg's demuxer probes score a file: higher is
/// surer, the best score wins, and equal best scores are a tie the registry reports. A score of 0 or less
/// counts as no claim, like nil.
public struct ProbeScore: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var value: Int

    public init(_ value: Int) { self.value = value }

    /// The VID:PID is in the driver's model table.
    public static let exactModel = ProbeScore(100)
    /// The device or one of its interfaces has a class the driver speaks (mass storage, still image, hub).
    public static let classMatch = ProbeScore(50)
    /// Only the vendor is known to the driver.
    public static let vendorOnly = ProbeScore(25)

    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }
    public var description: String { String(value) }
}
