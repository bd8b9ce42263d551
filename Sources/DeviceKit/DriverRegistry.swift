/// The drivers recgate knows, in an explicit order (like FFmpeg's list of demuxers): every device is
/// probed by each, the best score wins, equal best scores are reported as a tie.
public struct DriverRegistry: Sendable {
    public let drivers: [any DeviceDriver]

    /// - Precondition: driver names are unique (reports and scripts name drivers by them).
    public init(_ drivers: [any DeviceDriver]) {
        precondition(Set(drivers.map(\.name)).count == drivers.count, "driver names must be unique")
        self.drivers = drivers
    }

    public func driver(named name: String) -> (any DeviceDriver)? { drivers.first { $0.name == name } }

    /// Probes the candidate with every driver.
    public func match(_ candidate: DeviceCandidate) -> DriverMatch {
        var best: [any DeviceDriver] = []
        var bestScore: ProbeScore?
        for driver in drivers {
            guard let score = driver.probe(candidate), score.value > 0 else { continue }
            if bestScore == nil || score > bestScore! {
                best = [driver]
                bestScore = score
            } else if score == bestScore {
                best.append(driver)
            }
        }
        guard let bestScore, let first = best.first else { return .unknown }
        if best.count > 1 { return .tie(drivers: best, score: bestScore) }
        return .matched(driver: first, model: first.model(for: candidate), score: bestScore)
    }
}
