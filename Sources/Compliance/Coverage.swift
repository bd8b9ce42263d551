/// How much of a step its matched recordings cover (video and audio; photos cover no time).
public struct Coverage: Sendable, Hashable, Codable {
    public var coveredSeconds: Double
    /// Covered seconds over the step's length (1 for a step of no length that is covered).
    public var fraction: Double
    /// Every stretch of the step no recording covers, however short.
    public var uncovered: [TimeSpan]

    public init(coveredSeconds: Double, fraction: Double, uncovered: [TimeSpan]) {
        self.coveredSeconds = coveredSeconds
        self.fraction = fraction
        self.uncovered = uncovered
    }

    enum CodingKeys: String, CodingKey {
        case coveredSeconds = "covered_seconds"
        case fraction, uncovered
    }
}
