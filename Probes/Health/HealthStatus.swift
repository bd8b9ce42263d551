/// How a probe judges one aspect of a device. Ordered by how much a keeper must do: `ok` nothing,
/// `unknown` nothing yet (the device never reported it: not a fault), `warning` look at it soon,
/// `fault` take the device out of service until it is looked at.
public enum HealthStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case ok
    case unknown
    case warning
    case fault

    private var rank: Int {
        switch self {
        case .ok: 0
        case .unknown: 1
        case .warning: 2
        case .fault: 3
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}
