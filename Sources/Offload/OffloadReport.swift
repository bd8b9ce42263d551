import DeviceKit
import Foundation

/// What happened to one recording during an offload.
public struct ClipResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Copied, read back from storage, verified and catalogued now.
        case stored
        /// The same bytes were already in the store (from an earlier run, another path or another device).
        case alreadyStored = "already_stored"
        /// Not stored; `error` says why. Nothing about it was recorded as offloaded.
        case failed
    }

    /// Path relative to the volume.
    public var path: String
    public var size: Int64
    public var sha256: String?
    public var sm3: String?
    public var status: Status
    public var error: String?
    /// With `--release`: true when the device's copy was deleted, false when it was kept (then
    /// `releaseSkipped` or `error` says why). Absent without `--release`.
    public var released: Bool?
    /// Why the device's copy was kept under `--release`: it could not be proved, at the moment of the
    /// release, to be the very bytes stored and verified.
    public var releaseSkipped: String?
    /// True when the stored object was found corrupt or missing in this run and replaced by verified
    /// bytes from this device (the corrupt one kept in `store/quarantine/`).
    public var repaired: Bool?
    public var storePath: String?
    /// Media facts of a clip stored in this run (probed in-process), when it could be probed.
    public var media: Media?

    /// What the probe found, in short; the whole report is in the catalog.
    public struct Media: Codable, Sendable, Equatable {
        public var format: String?
        public var duration: Double?
        /// `ok`, `truncated` or `corrupt`.
        public var integrity: String
        /// Kinds of timing findings (e.g. `start_mismatch`).
        public var findings: [String]
    }

    enum CodingKeys: String, CodingKey {
        case path, size, sha256, sm3, status, error, released, media, repaired
        case storePath = "store_path"
        case releaseSkipped = "release_skipped"
    }
}

/// The outcome of one offload session, printed by `recgate offload --json`.
public struct OffloadReport: Codable, Sendable {
    public struct Device: Codable, Sendable {
        public var serial: String
        public var model: String?
        public var profile: String
        /// Battery and storage as the device reported them at the offload (recorded in the catalog's
        /// device condition); absent when its driver reads neither.
        public var condition: Condition?
        /// Why the condition could not be read or recorded; the offload goes on without it.
        public var conditionError: String?

        enum CodingKeys: String, CodingKey {
            case serial, model, profile, condition
            case conditionError = "condition_error"
        }
    }

    public struct Condition: Codable, Sendable, Equatable {
        public var batteryPercent: Int?
        public var storageTotal: Int64?
        public var storageFree: Int64?
        /// Faults the device told of itself (`store_full: …`); absent when none.
        public var faults: [String]? = nil

        enum CodingKeys: String, CodingKey {
            case batteryPercent = "battery_percent"
            case storageTotal = "storage_total"
            case storageFree = "storage_free"
            case faults
        }
    }

    public var sessionID: String
    public var volume: String
    public var device: Device
    public var clips: [ClipResult]
    /// Everything else found on the device, each with its reason (`system`, `not_a_recording`,
    /// `not_a_regular_file`, `symlink`, `unreadable`, `folder_loop`, …): no file goes unreported.
    public var skipped: [SkippedFile] = []
    public var bytesCopied: Int64
    public var seconds: Double
    /// What stopped or troubled the session as a whole (e.g. the store filled up).
    public var error: String?

    public var stored: Int { clips.filter { $0.status == .stored }.count }
    public var alreadyStored: Int { clips.filter { $0.status == .alreadyStored }.count }
    public var failed: Int { clips.filter { $0.status == .failed }.count }
    public var succeeded: Bool { failed == 0 && error == nil && !skipped.contains(where: \.reason.hidesRecordings) }
    /// How many entries were skipped for each reason.
    public var skippedByReason: [SkipReason: Int] { skipped.reduce(into: [:]) { $0[$1.reason, default: 0] += 1 } }
    /// Recordings deleted from the device (`--release`).
    public var released: Int { clips.filter { $0.released == true }.count }
    /// Recordings kept on the device under `--release` though stored (`release_skipped` or `error` says why).
    public var releaseSkipped: Int { clips.filter { $0.status != .failed && $0.released == false }.count }
    /// Stored objects repaired from the device's bytes.
    public var repaired: Int { clips.filter { $0.repaired == true }.count }

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id", volume, device, clips, skipped, summary
        case bytesCopied = "bytes_copied", seconds, error
    }

    struct Summary: Codable {
        var stored: Int
        var alreadyStored: Int
        var failed: Int
        var skipped: Int
        /// Reason → count, only the reasons that occurred.
        var skippedReasons: [String: Int]
        var released: Int
        var releaseSkipped: Int
        var repaired: Int
        enum CodingKeys: String, CodingKey {
            case stored, failed, skipped, released, repaired
            case alreadyStored = "already_stored"
            case skippedReasons = "skipped_reasons"
            case releaseSkipped = "release_skipped"
        }
    }

    public init(sessionID: String, volume: String, device: Device, clips: [ClipResult], bytesCopied: Int64,
                seconds: Double) {
        self.sessionID = sessionID
        self.volume = volume
        self.device = device
        self.clips = clips
        self.bytesCopied = bytesCopied
        self.seconds = seconds
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try c.decode(String.self, forKey: .sessionID)
        volume = try c.decode(String.self, forKey: .volume)
        device = try c.decode(Device.self, forKey: .device)
        clips = try c.decode([ClipResult].self, forKey: .clips)
        skipped = try c.decodeIfPresent([SkippedFile].self, forKey: .skipped) ?? []
        bytesCopied = try c.decode(Int64.self, forKey: .bytesCopied)
        seconds = try c.decode(Double.self, forKey: .seconds)
        error = try c.decodeIfPresent(String.self, forKey: .error)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sessionID, forKey: .sessionID)
        try c.encode(volume, forKey: .volume)
        try c.encode(device, forKey: .device)
        try c.encode(clips, forKey: .clips)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(Summary(
            stored: stored, alreadyStored: alreadyStored, failed: failed, skipped: skipped.count,
            skippedReasons: Dictionary(uniqueKeysWithValues: skippedByReason.map { ($0.key.rawValue, $0.value) }),
            released: released, releaseSkipped: releaseSkipped, repaired: repaired), forKey: .summary)
        try c.encode(bytesCopied, forKey: .bytesCopied)
        try c.encode(seconds, forKey: .seconds)
        try c.encodeIfPresent(error, forKey: .error)
    }
}
