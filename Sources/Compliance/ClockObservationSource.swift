/// Clock readings as the checker asks for them: all readings of one device (a few per dock, so a
/// device has hundreds at most).
public protocol ClockObservationSource: Sendable {
    func observations(device: String) throws -> [ClockObservation]
}

/// Readings in memory.
public struct InMemoryClockObservations: ClockObservationSource, Sendable {
    private let byDevice: [String: [ClockObservation]]

    public init(_ observations: [ClockObservation]) {
        byDevice = Dictionary(grouping: observations, by: \.device)
    }

    public func observations(device: String) -> [ClockObservation] { byDevice[device] ?? [] }
}
