/// Where a clock reading came from; each has its own resolution (see `ClockPolicy`).
public enum ObservationSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// Read by the gateway over USB while the device was docked.
    case dock
    /// Read off the device's screen by a person (`recgate clock record`).
    case manual
    /// Taken from another system (a vendor platform's log).
    case `import`
}
