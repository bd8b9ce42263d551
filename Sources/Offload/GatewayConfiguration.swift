import Digest
import Foundation

/// Settings a bureau may change, kept as `recgate.json` in the home folder.
///
/// Every field has a default, so a missing file or field means the default. The file is read as
/// strictly as a case file (``GatewayConfiguration/problems(in:)``): an unknown or repeated key, a value
/// of the wrong type or out of its range is an error naming the key and its place, never a default
/// taken silently (a misspelt `match_margin` must not leave the check at another margin).
public struct GatewayConfiguration: Codable, Sendable {
    /// The zone device clocks and file names are read in (China Standard Time unless configured).
    public var timeZone: String = "Asia/Shanghai"
    /// The zone the operating system reads FAT times in when it mounts a volume (UTC for vfat's default).
    public var volumeClockZone: String = "UTC"
    /// Digests computed for every recording; SHA-256 is always among them.
    public var digests: [DigestAlgorithm] = [.sha256]
    /// Case checks: a clip matches a step when its corrected span overlaps the step widened by this
    /// many seconds each way (nil: the checker's default, 120 s). `--margin` overrides it.
    public var matchMargin: Double?
    /// Case checks: uncovered stretches of a whole-process step shorter than this many seconds (plus
    /// the uncertainty of the times around them) are not findings (nil: the default, 30 s).
    public var coverageTolerance: Double?
    /// A copy of the audit log's head (`catalog.sqlite.audit_head`) kept outside the catalog's folder,
    /// e.g. on another disk: an absolute path. `audit verify` checks the log against both.
    public var auditHeadCopy: String?
    /// Device health (`devices --health`): a clock not read for more than this many days is a warning
    /// (nil: 30).
    public var healthClockMaxAgeDays: Int?
    /// Device health: a clock off by this many seconds or more at its last reading is a warning, by
    /// `health_clock_offset_fault` or more a fault (nil: 30 and 300).
    public var healthClockOffsetWarning: Double?
    public var healthClockOffsetFault: Double?
    /// Device health: a clock drifting faster than this many seconds a day is a warning (nil: 2, the
    /// clock model's drift bound).
    public var healthDriftWarning: Double?
    /// Device health: a battery at or below this percentage is a warning (nil: 20).
    public var healthBatteryWarning: Int?
    /// Device health: free storage at or below this percentage of the capacity is a warning (nil: 10).
    public var healthStorageFreeWarning: Int?
    /// Device health: this many failed offloads in a row is a fault (one is a warning) (nil: 2).
    public var healthFailureRun: Int?
    /// Derived media made unattended by the daemon (see ``ProxyPolicy``; default `faststart`).
    public var proxyPolicy: ProxyPolicy = .faststart
    /// The daemon re-hashes the whole store every this many hours (0: never; nil: 168, a week).
    public var reverifyIntervalHours: Int?
    /// The scheduled re-hash reads at most this many MB (10^6 bytes) a second (nil: 50).
    public var reverifyRateMBs: Int?
    /// `recgate serve`: where the status server listens, `ADDR:PORT` on loopback (nil: 127.0.0.1:8470).
    public var serveListen: String?
    /// `recgate serve`: folders whose mounted volumes are offloaded as they appear (absolute paths).
    public var serveWatch: [String]?
    /// `recgate serve`: how many offloads run at once (nil: 2).
    public var offloadConcurrency: Int?
    /// `recgate serve`: after this many bytes copied, an offload gives its slot to a waiting device and
    /// queues again (checked between recordings) (nil: 1 GiB).
    public var offloadSliceBytes: Int64?
    /// `recgate serve`: whether recordings are deleted from a device once stored and verified.
    public var release: ReleasePolicy?

    /// When the daemon deletes recordings from a device.
    public enum ReleasePolicy: String, Codable, Sendable, CaseIterable {
        /// Never: the device keeps every recording.
        case never
        /// Each recording once its stored copy is verified and audited (as `offload --release`).
        case afterVerify = "after_verify"
    }
    /// bcrypt's cost (log2 of its rounds) for account passwords set from now on (nil: 12). Each step doubles
    /// the work of a sign-in and of a guess; hashes made at another cost keep working.
    public var passwordCost: Int?
    /// `session_idle_seconds`: a web session ends after this long without a request (nil: 1800).
    public var sessionIdleSeconds: Int?
    /// `session_lifetime_hours`: a web session ends this long after sign-in (nil: 12).
    public var sessionLifetimeHours: Int?
    /// `secure_cookies`: web cookies carry `Secure`, for a gateway reached over HTTPS through a reverse
    /// proxy (nil: false; browsers drop Secure cookies over plain HTTP).
    public var secureCookies: Bool?
    /// `derived_rescan_seconds`: how often the daemon looks in the catalog for clips stored by another
    /// process (a `recgate offload` beside it) that want a faststart copy or proxy (nil: 30).
    public var derivedRescanSeconds: Int?
    /// `clip_page_cache_mb`: memory for the clip search's page entries a long-running gateway keeps
    /// written (nil: 256; 0 keeps none, every page is read from the catalog).
    public var clipPageCacheMB: Int?
    /// `web_cpu_percent_during_offloads`: while offloads run, the web layer's searches and pages may use
    /// this percent of one core (nil: 5); a sustained load beyond it is paced, so the offloads keep their rate.
    public var webCPUPercentDuringOffloads: Int?
    /// `clock_set_at_dock`: when the dock sets a device's clock (after reading it, where it can be set).
    public var clockSetAtDock: ClockSetPolicy = .whenSynchronised
    /// `device_passwords`: passwords of recorders that ask for one before switching to storage mode, per
    /// model (`"4255:0001"`) and per device serial (``ConfiguredPasswords``).
    public var devicePasswords: ConfiguredPasswords?

    /// When the dock sets a docked device's clock from the gateway's. The clock is always read first.
    public enum ClockSetPolicy: String, Codable, Sendable, CaseIterable {
        /// Only when the gateway's own clock is synchronised (per ntp_adjtime): a gateway that has lost its
        /// time source would spread its error into every device.
        case whenSynchronised = "when_synchronised"
        /// Whatever the kernel says of the gateway's clock: a site without a time source trusts the gateway's
        /// own clock. Each reading still records that the gateway was not synchronised.
        case always
        /// Never: the dock only reads the clock.
        case never
    }

    enum CodingKeys: String, CodingKey {
        case timeZone = "time_zone"
        case volumeClockZone = "volume_clock_zone"
        case digests
        case matchMargin = "match_margin"
        case coverageTolerance = "coverage_tolerance"
        case auditHeadCopy = "audit_head_copy"
        case healthClockMaxAgeDays = "health_clock_max_age_days"
        case healthClockOffsetWarning = "health_clock_offset_warning"
        case healthClockOffsetFault = "health_clock_offset_fault"
        case healthDriftWarning = "health_drift_warning"
        case healthBatteryWarning = "health_battery_warning"
        case healthStorageFreeWarning = "health_storage_free_warning"
        case healthFailureRun = "health_failure_run"
        case proxyPolicy = "proxy_policy"
        case reverifyIntervalHours = "reverify_interval_hours"
        case reverifyRateMBs = "reverify_rate_mb_s"
        case serveListen = "serve_listen"
        case serveWatch = "serve_watch"
        case offloadConcurrency = "offload_concurrency"
        case offloadSliceBytes = "offload_slice_bytes"
        case release
        case clockSetAtDock = "clock_set_at_dock"
        case passwordCost = "password_cost"
        case sessionIdleSeconds = "session_idle_seconds"
        case sessionLifetimeHours = "session_lifetime_hours"
        case secureCookies = "secure_cookies"
        case webCPUPercentDuringOffloads = "web_cpu_percent_during_offloads"
        case derivedRescanSeconds = "derived_rescan_seconds"
        case clipPageCacheMB = "clip_page_cache_mb"
        case devicePasswords = "device_passwords"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? timeZone
        volumeClockZone = try c.decodeIfPresent(String.self, forKey: .volumeClockZone) ?? volumeClockZone
        digests = try c.decodeIfPresent([DigestAlgorithm].self, forKey: .digests) ?? digests
        matchMargin = try c.decodeIfPresent(Double.self, forKey: .matchMargin)
        coverageTolerance = try c.decodeIfPresent(Double.self, forKey: .coverageTolerance)
        auditHeadCopy = try c.decodeIfPresent(String.self, forKey: .auditHeadCopy)
        healthClockMaxAgeDays = try c.decodeIfPresent(Int.self, forKey: .healthClockMaxAgeDays)
        healthClockOffsetWarning = try c.decodeIfPresent(Double.self, forKey: .healthClockOffsetWarning)
        healthClockOffsetFault = try c.decodeIfPresent(Double.self, forKey: .healthClockOffsetFault)
        healthDriftWarning = try c.decodeIfPresent(Double.self, forKey: .healthDriftWarning)
        healthBatteryWarning = try c.decodeIfPresent(Int.self, forKey: .healthBatteryWarning)
        healthStorageFreeWarning = try c.decodeIfPresent(Int.self, forKey: .healthStorageFreeWarning)
        healthFailureRun = try c.decodeIfPresent(Int.self, forKey: .healthFailureRun)
        proxyPolicy = try c.decodeIfPresent(ProxyPolicy.self, forKey: .proxyPolicy) ?? proxyPolicy
        reverifyIntervalHours = try c.decodeIfPresent(Int.self, forKey: .reverifyIntervalHours)
        reverifyRateMBs = try c.decodeIfPresent(Int.self, forKey: .reverifyRateMBs)
        serveListen = try c.decodeIfPresent(String.self, forKey: .serveListen)
        serveWatch = try c.decodeIfPresent([String].self, forKey: .serveWatch)
        offloadConcurrency = try c.decodeIfPresent(Int.self, forKey: .offloadConcurrency)
        offloadSliceBytes = try c.decodeIfPresent(Int64.self, forKey: .offloadSliceBytes)
        release = try c.decodeIfPresent(ReleasePolicy.self, forKey: .release)
        clockSetAtDock = try c.decodeIfPresent(ClockSetPolicy.self, forKey: .clockSetAtDock) ?? clockSetAtDock
        passwordCost = try c.decodeIfPresent(Int.self, forKey: .passwordCost)
        sessionIdleSeconds = try c.decodeIfPresent(Int.self, forKey: .sessionIdleSeconds)
        sessionLifetimeHours = try c.decodeIfPresent(Int.self, forKey: .sessionLifetimeHours)
        secureCookies = try c.decodeIfPresent(Bool.self, forKey: .secureCookies)
        webCPUPercentDuringOffloads = try c.decodeIfPresent(Int.self, forKey: .webCPUPercentDuringOffloads)
        derivedRescanSeconds = try c.decodeIfPresent(Int.self, forKey: .derivedRescanSeconds)
        clipPageCacheMB = try c.decodeIfPresent(Int.self, forKey: .clipPageCacheMB)
        devicePasswords = try c.decodeIfPresent(ConfiguredPasswords.self, forKey: .devicePasswords)
        for (key, value) in [(CodingKeys.matchMargin, matchMargin), (.coverageTolerance, coverageTolerance)] {
            if let value, !(value.isFinite && value >= 0) {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be a number of seconds, 0 or more")
            }
        }
        for key in CodingKeys.every {
            guard let range = Self.secondsRanges[key] ?? Self.wholeRanges[key].map({ Double($0.lowerBound)...Double($0.upperBound) })
            else { continue }
            let value: Double? = switch key {
            case .healthClockMaxAgeDays: healthClockMaxAgeDays.map(Double.init)
            case .healthClockOffsetWarning: healthClockOffsetWarning
            case .healthClockOffsetFault: healthClockOffsetFault
            case .healthDriftWarning: healthDriftWarning
            case .healthBatteryWarning: healthBatteryWarning.map(Double.init)
            case .healthStorageFreeWarning: healthStorageFreeWarning.map(Double.init)
            case .healthFailureRun: healthFailureRun.map(Double.init)
            case .reverifyIntervalHours: reverifyIntervalHours.map(Double.init)
            case .reverifyRateMBs: reverifyRateMBs.map(Double.init)
            case .offloadConcurrency: offloadConcurrency.map(Double.init)
            case .offloadSliceBytes: offloadSliceBytes.map(Double.init)
            case .passwordCost: passwordCost.map(Double.init)
            case .sessionIdleSeconds: sessionIdleSeconds.map(Double.init)
            case .sessionLifetimeHours: sessionLifetimeHours.map(Double.init)
            case .webCPUPercentDuringOffloads: webCPUPercentDuringOffloads.map(Double.init)
            case .derivedRescanSeconds: derivedRescanSeconds.map(Double.init)
            case .clipPageCacheMB: clipPageCacheMB.map(Double.init)
            default: nil
            }
            if let value, !range.contains(value) {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be from \(range.lowerBound) to \(range.upperBound)")
            }
        }
    }

    /// Reads the home's configuration; a missing file gives the defaults, a broken one an error naming
    /// the file and, for each problem, its line, column and key.
    public static func load(from home: GatewayHome) throws -> GatewayConfiguration {
        let url = home.configurationURL
        guard FileManager.default.fileExists(atPath: url.path) else { return GatewayConfiguration() }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw OffloadError(.invalidArgument, call: "configuration", path: url.path,
                               message: "cannot read the configuration: \(error.localizedDescription)")
        }
        let problems = Self.problems(in: Array(data))
        guard problems.isEmpty else {
            throw OffloadError(.invalidArgument, call: "configuration", path: url.path,
                               message: problems.map(\.description).joined(separator: "; "))
        }
        do {
            return try JSONDecoder().decode(GatewayConfiguration.self, from: data)
        } catch {
            throw OffloadError(.invalidArgument, call: "configuration", path: url.path,
                               message: "cannot read the configuration: \(error)")
        }
    }

    public func zone() throws -> TimeZone {
        guard let zone = TimeZone(identifier: timeZone) else {
            throw OffloadError(.invalidArgument, call: "configuration", message: "unknown time zone \(timeZone)")
        }
        return zone
    }

    public func volumeZone() throws -> TimeZone {
        guard let zone = TimeZone(identifier: volumeClockZone) else {
            throw OffloadError(.invalidArgument, call: "configuration",
                               message: "unknown volume clock zone \(volumeClockZone)")
        }
        return zone
    }
}
