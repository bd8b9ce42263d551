import Foundation

/// What `recgate serve` is doing, as `GET /status` serves it and `recgate status --json` prints it:
/// the bays with the device in each, the devices that arrived, and the offload sessions, each with its
/// live progress and the clips it stored. Times are RFC 3339 in UTC.
public struct DaemonStatus: Codable, Sendable, Equatable {
    /// The daemon's process id.
    public var pid: Int32
    /// Where the status server listens (`127.0.0.1:8470`).
    public var listen: String
    public var started_at: String
    /// Folders watched for recorder volumes.
    public var watch: [String]
    /// The release policy (`never`, `after_verify`).
    public var release: String
    public var queue: Queue
    public var bays: [Bay]
    public var devices: [Device]
    /// Newest first; sessions of this run of the daemon only (older ones are in the catalog).
    public var sessions: [Session]
    /// Faststart copies and review proxies made at low priority (null when the daemon has no queue).
    public var derived: DerivedQueueStatus?
    /// The scheduled re-hash of the store (null when the daemon runs none).
    public var reverification: ReverificationStatus?

    public struct Queue: Codable, Sendable, Equatable {
        /// How many offloads may run at once.
        public var concurrency: Int
        /// After this many bytes an offload gives its slot to a waiting device.
        public var slice_bytes: Int64
        public var running: Int
        /// Devices waiting for a slot, first in line first (their `source`).
        public var waiting: [String]

        public init(concurrency: Int, slice_bytes: Int64, running: Int, waiting: [String]) {
            self.concurrency = concurrency
            self.slice_bytes = slice_bytes
            self.running = running
            self.waiting = waiting
        }
    }

    /// A configured bay (`bays.json`) and the device in it, if one arrived there.
    public struct Bay: Codable, Sendable, Equatable {
        public var bay: Int
        public var label: String?
        public var port_path: String
        /// The `source` of the device in the bay, or null when empty.
        public var device: String?

        public init(bay: Int, label: String?, port_path: String, device: String?) {
            self.bay = bay
            self.label = label
            self.port_path = port_path
            self.device = device
        }
    }

    /// A device that arrived while the daemon runs (or was there when it started).
    public struct Device: Codable, Sendable, Equatable {
        /// `volume:/srv/recgate/volumes/sdb1` or `camera:1-1.2`: what the device is known by here.
        public var source: String
        public var bay: Int?
        public var usb_port_path: String?
        /// Known once an offload identified it (or when the arrival told it).
        public var serial: String?
        public var model: String?
        /// `queued`, `offloading`, `offloaded`, `failed` (see `error`), or `left` (gone before it was offloaded).
        public var state: String
        public var arrived_at: String
        /// Why the last offload did not complete.
        public var error: String?
        /// The device's health (`ok`, `unknown`, `warning`, `fault`), when the catalog knows it.
        public var health: String?

        public init(source: String, bay: Int?, usb_port_path: String?, serial: String?, model: String?, state: String,
                    arrived_at: String, error: String?, health: String?) {
            self.source = source
            self.bay = bay
            self.usb_port_path = usb_port_path
            self.serial = serial
            self.model = model
            self.state = state
            self.arrived_at = arrived_at
            self.error = error
            self.health = health
        }
    }

    /// One offload session: a device's turn at a slot.
    public struct Session: Codable, Sendable, Equatable {
        /// The catalog's session id, once the session's row is written.
        public var id: String?
        /// The device's `source`.
        public var device: String
        public var serial: String?
        /// `starting`, `running`, `completed`, `failed`, `interrupted`.
        public var state: String
        public var started_at: String
        public var ended_at: String?
        /// Bytes read from the device so far, of `bytes_total` to copy in this session.
        public var bytes_done: Int64
        public var bytes_total: Int64?
        /// The recording being copied (relative to the device), while one is.
        public var current_file: String?
        public var stored: Int
        public var already_stored: Int
        public var failed: Int
        public var error: String?
        /// The clips this session stored (new in the store), with their digests.
        public var clips: [Clip]

        public init(id: String?, device: String, serial: String?, state: String, started_at: String, ended_at: String?,
                    bytes_done: Int64, bytes_total: Int64?, current_file: String?, stored: Int, already_stored: Int,
                    failed: Int, error: String?, clips: [Clip]) {
            self.id = id
            self.device = device
            self.serial = serial
            self.state = state
            self.started_at = started_at
            self.ended_at = ended_at
            self.bytes_done = bytes_done
            self.bytes_total = bytes_total
            self.current_file = current_file
            self.stored = stored
            self.already_stored = already_stored
            self.failed = failed
            self.error = error
            self.clips = clips
        }
    }

    public struct Clip: Codable, Sendable, Equatable {
        public var path: String
        public var size: Int64
        public var sha256: String?
        public var store_path: String?

        public init(path: String, size: Int64, sha256: String?, store_path: String?) {
            self.path = path
            self.size = size
            self.sha256 = sha256
            self.store_path = store_path
        }
    }

    public init(pid: Int32, listen: String, started_at: String, watch: [String], release: String, queue: Queue,
                bays: [Bay], devices: [Device], sessions: [Session], derived: DerivedQueueStatus? = nil,
                reverification: ReverificationStatus? = nil) {
        self.pid = pid
        self.listen = listen
        self.started_at = started_at
        self.watch = watch
        self.release = release
        self.queue = queue
        self.bays = bays
        self.devices = devices
        self.sessions = sessions
        self.derived = derived
        self.reverification = reverification
    }
}
