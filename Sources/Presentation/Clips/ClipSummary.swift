/// One stored clip as a search lists it (`recgate clips --json`, `GET /api/clips`).
///
/// Times: `device_start`/`device_end` are what the device's clock said (RFC 3339 in the gateway's zone,
/// from the file name or file system); `recorded_start`/`recorded_end` are the same instants corrected by
/// the device's clock history (null when no correction can be made), and are what time filters use.
public struct ClipSummary: Codable, Sendable, Hashable {
    /// The catalog's identifier of the clip (a UUID): the `{id}` of `/api/clips/{id}`.
    public var id: String
    public var sha256: String
    public var sm3: String?
    public var size: Int64
    /// `video`, `audio`, `photo`, ... as the offload classified the file.
    public var kind: String
    /// The serial of the device it came from.
    public var device: String
    public var officer: String?
    /// The file's name on the device.
    public var source_name: String
    public var device_start: String?
    public var device_end: String?
    public var recorded_start: String?
    public var recorded_end: String?
    /// Seconds added to the device's time to get the corrected time (null when unknown).
    public var correction_s: Double?
    /// The media prober's verdict: `complete`, `truncated`, `corrupt`, ... (null before a probe).
    public var integrity: String?
    /// `verified` (in the store, every byte checked); `released` when the device's copy was deleted after that.
    public var status: String
    public var locked: Bool
    /// When the store received it (RFC 3339 UTC).
    public var stored_at: String
    /// How the time was corrected, as a case check says it: `interpolated`, `extrapolated`,
    /// `no_clock_reading` (device time as it is), `reset_span`, `default_date`; null when no reading
    /// places the clip in time.
    public var clock: String?

    public init(id: String, sha256: String, sm3: String?, size: Int64, kind: String, device: String, officer: String?,
                source_name: String, device_start: String?, device_end: String?, recorded_start: String?,
                recorded_end: String?, correction_s: Double?, integrity: String?, status: String, locked: Bool,
                stored_at: String, clock: String? = nil) {
        self.id = id
        self.sha256 = sha256
        self.sm3 = sm3
        self.size = size
        self.kind = kind
        self.device = device
        self.officer = officer
        self.source_name = source_name
        self.device_start = device_start
        self.device_end = device_end
        self.recorded_start = recorded_start
        self.recorded_end = recorded_end
        self.correction_s = correction_s
        self.integrity = integrity
        self.status = status
        self.locked = locked
        self.stored_at = stored_at
        self.clock = clock
    }
}

/// One page of a clip search: the clips in order, and the cursor of the next page (null on the last).
public struct ClipPage: Codable, Sendable {
    public var clips: [ClipSummary]
    /// Opaque: pass it back as `cursor` with the same filters and sort for the next page.
    public var next_cursor: String?

    public init(clips: [ClipSummary], next_cursor: String?) {
        self.clips = clips
        self.next_cursor = next_cursor
    }
}
