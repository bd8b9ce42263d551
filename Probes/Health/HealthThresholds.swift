import Foundation

/// Where the probes draw their lines. The gateway's configuration (`health_*` keys of `recgate.json`)
/// sets them; the defaults are the configuration's.
public struct HealthThresholds: Sendable, Hashable {
    /// A clock not read for more days than this is a warning.
    public var clockMaxAgeDays: Int = 30
    /// |offset| at the last reading (seconds) from which it is a warning, and from which a fault.
    public var clockOffsetWarning: Double = 30
    public var clockOffsetFault: Double = 300
    /// |drift| (seconds a day) above which it is a warning. The clock model assumes clocks stay within
    /// its drift bound (2 s/day): a clock that drifts faster makes corrected clip times less sure.
    public var driftWarning: Double = 2
    /// Battery at or below this percentage is a warning.
    public var batteryWarningPercent: Int = 20
    /// Free storage at or below this percentage of the capacity is a warning.
    public var storageFreeWarningPercent: Int = 10
    /// This many failed offloads in a row (the newest ones) is a fault; one is a warning.
    public var failureRun: Int = 2

    public init() {}
}
