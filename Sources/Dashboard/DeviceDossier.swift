import HealthProbes
import Presentation

/// What the device page shows of one device: its identity, its health, its offload sessions (each a
/// dock at the gateway) and its clock readings. The web layer fills it from the catalog.
public struct DeviceDossier: Sendable {
    /// One offload session of the device, oldest or newest first as given.
    public struct Visit: Sendable, Hashable {
        public var session_id: String
        public var started_at: String
        public var ended_at: String?
        /// `completed`, `failed`, `interrupted`, `running`.
        public var state: String
        public var bay: Int?
        public var stored: Int
        public var already_stored: Int
        public var failed: Int

        public init(session_id: String, started_at: String, ended_at: String?, state: String, bay: Int?, stored: Int,
                    already_stored: Int, failed: Int) {
            self.session_id = session_id
            self.started_at = started_at
            self.ended_at = ended_at
            self.state = state
            self.bay = bay
            self.stored = stored
            self.already_stored = already_stored
            self.failed = failed
        }
    }

    public var serial: String
    public var model: String?
    public var profile: String?
    public var health: DeviceHealth?
    public var visits: [Visit]
    /// The device's clock readings (the same document a clip's page shows), any order: the chart sorts them.
    public var clock: [ClipDetail.ClockReading]

    public init(serial: String, model: String?, profile: String?, health: DeviceHealth?, visits: [Visit],
                clock: [ClipDetail.ClockReading]) {
        self.serial = serial
        self.model = model
        self.profile = profile
        self.health = health
        self.visits = visits
        self.clock = clock
    }
}
