import HealthProbes

/// The keepers' view of the dock (`GET /api/bays`, the bay grid): each configured bay with the device in
/// it, what it is doing, its last reported battery and storage, its clock offset and health faults.
public struct BayBoard: Encodable, Sendable {
    public var bays: [Card]

    public init(bays: [Card]) { self.bays = bays }

    public struct Card: Encodable, Sendable {
        public var bay: Int
        public var label: String?
        public var port_path: String
        /// The device's `source` in the daemon's status; null when the bay is empty.
        public var device: String?
        public var serial: String?
        public var model: String?
        /// The device's state in the daemon (`queued`, `offloading`, `offloaded`, `failed`, `left`).
        public var state: String?
        public var error: String?
        /// The running offload's progress, when one runs.
        public var bytes_done: Int64?
        public var bytes_total: Int64?
        public var current_file: String?
        public var battery_percent: Int?
        public var storage_total: Int64?
        public var storage_free: Int64?
        /// The last reading of the device's clock: device − gateway, seconds.
        public var clock_offset_s: Double?
        /// `ok`, `unknown`, `warning`, `fault` (null when the catalog does not know the device yet).
        public var health: String?
        /// The probes that did not say `ok`.
        public var faults: [ProbeResult]

        public init(bay: Int, label: String?, port_path: String) {
            self.bay = bay
            self.label = label
            self.port_path = port_path
            self.faults = []
        }
    }

    /// The board from the daemon's status and, for each serial known, the device's record.
    public static func make(status: DaemonStatus, records: [String: DeviceRecord]) -> BayBoard {
        BayBoard(bays: status.bays.map { bay in
            var card = Card(bay: bay.bay, label: bay.label, port_path: bay.port_path)
            guard let source = bay.device, let device = status.devices.first(where: { $0.source == source }) else { return card }
            card.device = source
            card.serial = device.serial
            card.model = device.model
            card.state = device.state
            card.error = device.error
            card.health = device.health
            if let session = status.sessions.first(where: { $0.device == source && $0.ended_at == nil }) {
                card.bytes_done = session.bytes_done
                card.bytes_total = session.bytes_total
                card.current_file = session.current_file
            }
            if let serial = device.serial, let record = records[serial] {
                let condition = record.conditions.last
                card.battery_percent = record.conditions.last(where: { $0.battery_percent != nil })?.battery_percent
                card.storage_total = condition?.storage_total
                card.storage_free = condition?.storage_free
                card.clock_offset_s = record.clock.last?.offset_s
                card.health = record.health.status.rawValue
                card.faults = record.health.probes.filter { $0.status != .ok }
            }
            return card
        })
    }
}
