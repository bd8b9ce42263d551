/// What the registry made of a device.
public enum DriverMatch: Sendable {
    /// One driver scored best. `model` is its model-table entry for the VID:PID, when it has one.
    case matched(driver: any DeviceDriver, model: DeviceModel?, score: ProbeScore)
    /// Several drivers scored the same best score, in registry order. None is picked: a person decides.
    case tie(drivers: [any DeviceDriver], score: ProbeScore)
    /// No driver claims the device.
    case unknown

    /// The matched driver's name; nil for a tie or an unknown device.
    public var driverName: String? {
        if case .matched(let driver, _, _) = self { return driver.name }
        return nil
    }

    /// The model's kind, else the driver's; nil unless matched.
    public var kind: DeviceKind? {
        if case .matched(let driver, let model, _) = self { return model?.kind ?? driver.kind }
        return nil
    }

    public var model: DeviceModel? {
        if case .matched(_, let model, _) = self { return model }
        return nil
    }

    public var score: ProbeScore? {
        switch self {
        case .matched(_, _, let score), .tie(_, let score): score
        case .unknown: nil
        }
    }

    /// The tied drivers' names, in registry order; empty unless a tie.
    public var tiedDriverNames: [String] {
        if case .tie(let drivers, _) = self { return drivers.map(\.name) }
        return []
    }

    /// `attached` (one driver matched), `ambiguous` (a tie) or `unknown` (no driver).
    public var state: String {
        switch self {
        case .matched: "attached"
        case .tie: "ambiguous"
        case .unknown: "unknown"
        }
    }
}
