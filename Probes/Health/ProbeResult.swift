/// One probe's judgement of one device: its status and why, in words a keeper can act on.
public struct ProbeResult: Sendable, Hashable, Codable {
    /// The probe's name: `battery`, `storage`, `firmware`, `clock_offset`, `clock_age`, `clock_drift`,
    /// `last_dock`, `last_offload`, `recordings_since_dock`, `sequence_gaps`, `file_integrity`, `failures`.
    public var probe: String
    public var status: HealthStatus
    public var reason: String

    public init(probe: String, status: HealthStatus, reason: String) {
        self.probe = probe
        self.status = status
        self.reason = reason
    }
}
