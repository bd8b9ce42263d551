/// Everything about one clip (`recgate clip show ID --json`, `GET /api/clips/{id}`): its summary, its
/// media facts, where and when it was seen, who had the device, how its time was corrected, what was
/// derived from it and every audit entry that names it.
public struct ClipDetail: Codable, Sendable {
    public var clip: ClipSummary
    public var media: Media?
    public var sightings: [Sighting]
    /// The custody periods of the clip's device that overlap its recording (officer, from, to).
    public var custody: [Custody]
    /// The clock observations of the device the correction rests on, oldest first.
    public var clock: [ClockReading]
    public var derived: [Derived]
    /// Audit entries whose object is the clip or its digest, oldest first (the chain of custody).
    public var audit: [AuditItem]

    public init(clip: ClipSummary, media: Media?, sightings: [Sighting], custody: [Custody], clock: [ClockReading],
                derived: [Derived], audit: [AuditItem]) {
        self.clip = clip
        self.media = media
        self.sightings = sightings
        self.custody = custody
        self.clock = clock
        self.derived = derived
        self.audit = audit
    }

    public struct Media: Codable, Sendable {
        public var format: String?
        public var duration_s: Double?
        public var integrity: String
        public var video_codec: String?
        public var audio_codec: String?
        public var width: Int?
        public var height: Int?
        public var prober: String
        /// The file's size as the prober read it (bytes), when its facts hold it.
        public var size: Int64?

        public init(format: String?, duration_s: Double?, integrity: String, video_codec: String?, audio_codec: String?,
                    width: Int?, height: Int?, prober: String, size: Int64? = nil) {
            self.format = format
            self.duration_s = duration_s
            self.integrity = integrity
            self.video_codec = video_codec
            self.audio_codec = audio_codec
            self.width = width
            self.height = height
            self.prober = prober
            self.size = size
        }
    }

    public struct Sighting: Codable, Sendable {
        public var session_id: String
        public var device: String
        public var source_path: String
        public var seen_at: String
        public var released_at: String?

        public init(session_id: String, device: String, source_path: String, seen_at: String, released_at: String?) {
            self.session_id = session_id
            self.device = device
            self.source_path = source_path
            self.seen_at = seen_at
            self.released_at = released_at
        }
    }

    public struct Custody: Codable, Sendable {
        public var officer: String
        public var from: String
        public var to: String?

        public init(officer: String, from: String, to: String?) {
            self.officer = officer
            self.from = from
            self.to = to
        }
    }

    public struct ClockReading: Codable, Sendable {
        /// When the gateway read the device's clock (RFC 3339 UTC).
        public var at: String
        /// What the device's clock said then.
        public var device_time: String
        public var offset_s: Double
        /// `dock`, `import`, `offload`, ...
        public var source: String

        public init(at: String, device_time: String, offset_s: Double, source: String) {
            self.at = at
            self.device_time = device_time
            self.offset_s = offset_s
            self.source = source
        }
    }

    public struct Derived: Codable, Sendable {
        public var id: String
        /// `faststart`, `proxy`, `contact_sheet`, `recovered`.
        public var kind: String
        public var sha256: String
        public var size: Int64
        public var recipe: String
        public var created_at: String

        public init(id: String, kind: String, sha256: String, size: Int64, recipe: String, created_at: String) {
            self.id = id
            self.kind = kind
            self.sha256 = sha256
            self.size = size
            self.recipe = recipe
            self.created_at = created_at
        }
    }

    public struct AuditItem: Codable, Sendable {
        public var seq: Int64
        public var at: String
        public var actor: String
        public var action: String
        public var detail: String

        public init(seq: Int64, at: String, actor: String, action: String, detail: String) {
            self.seq = seq
            self.at = at
            self.actor = actor
            self.action = action
            self.detail = detail
        }
    }
}
