import Foundation
import HealthProbes

/// One device's page for equipment keepers (`GET /api/devices/{serial}`): its health, its offload
/// sessions, its clock readings over time (the drift chart) and what it reported of its battery and
/// storage. Times are RFC 3339 UTC; oldest first.
public struct DeviceRecord: Encodable, Sendable {
    public var health: DeviceHealth
    public var sessions: [Session]
    public var clock: [ClockPoint]
    public var conditions: [Condition]

    public init(health: DeviceHealth, sessions: [Session], clock: [ClockPoint], conditions: [Condition]) {
        self.health = health
        self.sessions = sessions
        self.clock = clock
        self.conditions = conditions
    }

    public struct Session: Codable, Sendable {
        public var id: String
        public var started_at: String
        public var ended_at: String?
        /// `running`, `completed`, `failed`, `interrupted`.
        public var status: String
        public var stored: Int
        public var already_stored: Int
        public var failed: Int
        public var error: String?

        public init(id: String, started_at: String, ended_at: String?, status: String, stored: Int, already_stored: Int,
                    failed: Int, error: String?) {
            self.id = id
            self.started_at = started_at
            self.ended_at = ended_at
            self.status = status
            self.stored = stored
            self.already_stored = already_stored
            self.failed = failed
            self.error = error
        }
    }

    /// One reading of the device's clock: how far it was from the gateway's.
    public struct ClockPoint: Codable, Sendable {
        public var at: String
        /// What the device's clock showed then (its wall-clock time, no zone).
        public var device_time: String
        /// Device time − gateway time, seconds.
        public var offset_s: Double
        /// `dock`, `manual`, `import`.
        public var source: String
        /// The clock was set right at this reading.
        public var clock_set: Bool
        public var drift_s_per_day: Double?

        public init(at: String, device_time: String, offset_s: Double, source: String, clock_set: Bool, drift_s_per_day: Double?) {
            self.at = at
            self.device_time = device_time
            self.offset_s = offset_s
            self.source = source
            self.clock_set = clock_set
            self.drift_s_per_day = drift_s_per_day
        }
    }

    public struct Condition: Codable, Sendable {
        public var at: String
        public var battery_percent: Int?
        public var storage_total: Int64?
        public var storage_free: Int64?
        public var firmware: String?
        public var source: String

        public init(at: String, battery_percent: Int?, storage_total: Int64?, storage_free: Int64?, firmware: String?,
                    source: String) {
            self.at = at
            self.battery_percent = battery_percent
            self.storage_total = storage_total
            self.storage_free = storage_free
            self.firmware = firmware
            self.source = source
        }
    }
}
