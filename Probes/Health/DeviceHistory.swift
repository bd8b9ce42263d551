import Compliance
import ComplianceCatalog
import Evidence
import Foundation

/// What the catalog knows of one device, as the probes read it: its sessions, the clips they saw, its
/// clock readings (with offsets and drift from the clock model) and what it reported of itself.
public struct DeviceHistory: Sendable {
    public var device: DeviceRow
    /// Oldest first.
    public var sessions: [SessionRow]
    /// One per sighting.
    public var clips: [SessionClip]
    public var clock: ClockHistory
    /// Oldest first.
    public var conditions: [DeviceConditionRow]
    /// The time the report is for.
    public var now: Date
    /// The clock model's assumptions: readings' resolutions, and the zone times are written in.
    public var clockPolicy: ClockPolicy
    public var zone: TimeZone { clockPolicy.zone }

    public init(device: DeviceRow, sessions: [SessionRow], clips: [SessionClip], clock: ClockHistory,
                conditions: [DeviceConditionRow], now: Date, clockPolicy: ClockPolicy) {
        self.device = device
        self.sessions = sessions
        self.clips = clips
        self.clock = clock
        self.conditions = conditions
        self.now = now
        self.clockPolicy = clockPolicy
    }

    /// When the device was last docked: the latest of its sessions' starts and its clock readings over USB.
    public var lastDock: Date? {
        let sessionStart = sessions.map(\.startedAt).max()
        let dockReading = clock.readings.filter { $0.source == .dock }.map(\.gatewayTime).max()
        return [sessionStart, dockReading].compactMap { $0 }.max()
    }

    /// The clips the newest session saw.
    public var lastSessionClips: [SessionClip] {
        guard let last = sessions.last else { return [] }
        return clips.filter { $0.sessionID == last.id }
    }
}
