import DeviceKit
import Foundation

/// What the clock correction assumes. Every number is an assumption about devices or people, so all
/// are settings.
public struct ClockPolicy: Sendable, Hashable {
    /// The zone device clocks are set in (China Standard Time unless configured otherwise).
    public var zone: TimeZone
    /// How fast a clock may drift, seconds per day (GA/T 947.2 is reported to allow a few seconds a day;
    /// unconfirmed, so 2 s/day is a setting).
    public var driftBound: Double
    /// Resolution of a reading by source: a dock read is to the second; a person reading a screen is
    /// slower than the clock (±30 s); an imported log is to the second.
    public var dockResolution: Double
    public var manualResolution: Double
    public var importResolution: Double
    /// How exactly a set takes (devices are set to the whole second).
    public var setResolution: Double
    /// A device time this much earlier than the previous reading's, while the gateway's time went on,
    /// is a reset (not drift, not a reading error).
    public var resetTolerance: Double
    /// Device times before this are default dates (2000-01-01, a firmware date): a reset clock.
    public var implausibleBefore: LocalTimestamp

    public init(
        zone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!, driftBound: Double = 2, dockResolution: Double = 1,
        manualResolution: Double = 30, importResolution: Double = 1, setResolution: Double = 1, resetTolerance: Double = 60,
        implausibleBefore: LocalTimestamp = LocalTimestamp(year: 2010, month: 1, day: 1, hour: 0, minute: 0, second: 0)
    ) {
        self.zone = zone
        self.driftBound = driftBound
        self.dockResolution = dockResolution
        self.manualResolution = manualResolution
        self.importResolution = importResolution
        self.setResolution = setResolution
        self.resetTolerance = resetTolerance
        self.implausibleBefore = implausibleBefore
    }

    public func resolution(of source: ObservationSource) -> Double {
        switch source {
        case .dock: dockResolution
        case .manual: manualResolution
        case .import: importResolution
        }
    }
}
