import DeviceKit
import Digest
import Foundation

extension GatewayConfiguration {
    /// `match_margin` and `--margin`: 0 to 3600 s. A margin of an hour already lets a clip match a step
    /// it merely lies near; more would match clips of other steps.
    public static let matchMarginRange: ClosedRange<Double> = 0...3600
    /// `coverage_tolerance`: 0 to 3600 s (a gap of an hour in a whole-process recording is a finding).
    public static let coverageToleranceRange: ClosedRange<Double> = 0...3600
    /// `health_clock_max_age_days`: 1 to 365 days (a clock read once a year at least).
    public static let healthClockMaxAgeDaysRange: ClosedRange<Int> = 1...365
    /// `health_clock_offset_warning` and `health_clock_offset_fault`: 1 s (a dock reading's resolution)
    /// to a day (a clock off by more is a reset, which `clock_drift` reports).
    public static let healthClockOffsetRange: ClosedRange<Double> = 1...86_400
    /// `health_drift_warning`: 0.1 to 3600 s a day (a good quartz clock drifts about 1 s a day).
    public static let healthDriftWarningRange: ClosedRange<Double> = 0.1...3600
    /// `health_battery_warning` and `health_storage_free_warning`: 0 to 100 percent (0: never warn).
    public static let healthPercentRange: ClosedRange<Int> = 0...100
    /// `health_failure_run`: 1 to 100 failed offloads in a row.
    public static let healthFailureRunRange: ClosedRange<Int> = 1...100
    /// `reverify_interval_hours`: 0 (never) to 8760 hours (a year).
    public static let reverifyIntervalHoursRange: ClosedRange<Int> = 0...8760
    /// `reverify_rate_mb_s`: 1 to 100 000 MB a second (a slower re-hash of a large store would never end).
    public static let reverifyRateMBsRange: ClosedRange<Int> = 1...100_000
    /// `offload_concurrency`: 1 to 64 offloads at once (more than the bays a gateway has).
    public static let offloadConcurrencyRange: ClosedRange<Int> = 1...64
    /// `offload_slice_bytes`: 1 byte (one recording a turn) to 1 TiB.
    public static let offloadSliceBytesRange: ClosedRange<Int> = 1...(1 << 40)
    /// `password_cost`: bcrypt cost 10 to 16 (each step doubles the work of a sign-in and of a guess).
    public static let passwordCostRange: ClosedRange<Int> = 10...16
    /// `session_idle_seconds`: a web session ends after 5 s to a day without a request.
    public static let sessionIdleSecondsRange: ClosedRange<Int> = 5...86_400
    /// `session_lifetime_hours`: a web session ends 1 hour to a week after sign-in, whatever happens.
    public static let sessionLifetimeHoursRange: ClosedRange<Int> = 1...168
    /// `web_cpu_percent_during_offloads`: 1 to 6400 percent of one core (up to 64 cores).
    public static let webCPUPercentRange: ClosedRange<Int> = 1...6400
    /// `derived_rescan_seconds`: 1 s to an hour.
    public static let derivedRescanSecondsRange: ClosedRange<Int> = 1...3600
    public static let defaultDerivedRescanSeconds = 30
    /// `clip_page_cache_mb`: none to 64 GiB.
    public static let clipPageCacheMBRange: ClosedRange<Int> = 0...65536
    public static let defaultClipPageCacheMB = 256
    /// What the web layer gets while offloads run when `web_cpu_percent_during_offloads` is not given.
    public static let defaultWebCPUPercentDuringOffloads = 5

    /// The number-of-seconds keys with their ranges (the health ones; `match_margin` and
    /// `coverage_tolerance` are read on their own).
    static let secondsRanges: [CodingKeys: ClosedRange<Double>] = [
        .healthClockOffsetWarning: healthClockOffsetRange, .healthClockOffsetFault: healthClockOffsetRange,
        .healthDriftWarning: healthDriftWarningRange,
    ]
    /// The whole-number keys with their ranges and what they count.
    static let wholeRanges: [CodingKeys: ClosedRange<Int>] = [
        .healthClockMaxAgeDays: healthClockMaxAgeDaysRange, .healthBatteryWarning: healthPercentRange,
        .healthStorageFreeWarning: healthPercentRange, .healthFailureRun: healthFailureRunRange,
        .reverifyIntervalHours: reverifyIntervalHoursRange, .reverifyRateMBs: reverifyRateMBsRange,
        .offloadConcurrency: offloadConcurrencyRange, .offloadSliceBytes: offloadSliceBytesRange,
        .passwordCost: passwordCostRange, .sessionIdleSeconds: sessionIdleSecondsRange,
        .sessionLifetimeHours: sessionLifetimeHoursRange, .webCPUPercentDuringOffloads: webCPUPercentRange,
        .derivedRescanSeconds: derivedRescanSecondsRange, .clipPageCacheMB: clipPageCacheMBRange,
    ]
    static let wholeUnits: [CodingKeys: String] = [
        .healthClockMaxAgeDays: "days", .healthBatteryWarning: "percent", .healthStorageFreeWarning: "percent",
        .healthFailureRun: "offloads", .reverifyIntervalHours: "hours", .reverifyRateMBs: "MB a second",
        .offloadConcurrency: "offloads", .offloadSliceBytes: "bytes", .passwordCost: "bcrypt cost (log2 rounds)",
        .sessionIdleSeconds: "seconds", .sessionLifetimeHours: "hours", .webCPUPercentDuringOffloads: "percent of a core",
        .derivedRescanSeconds: "seconds", .clipPageCacheMB: "MB",
    ]

    /// Why the number written as `text` is not a whole number of `unit` in `range`, or nil when it is.
    public static func wholeProblem(_ text: String, _ range: ClosedRange<Int>, unit: String) -> String? {
        guard let value = Int(text), range.contains(value) else {
            return "must be a whole number of \(unit) from \(range.lowerBound) to \(range.upperBound), not \(text)"
        }
        return nil
    }

    /// One problem of `recgate.json`, with where it is.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        /// The key (`match_margin`, `digests[1]`), or `$` for the whole document.
        public var key: String
        public var message: String

        /// `line 3, column 19, match_margin: must be …`.
        public var description: String { "line \(line), column \(column), \(key): \(message)" }
    }

    /// Why `value` is not a number of seconds in `range`, or nil when it is.
    /// `written` is the value as the person wrote it, when that says more than the parsed number.
    public static func secondsProblem(_ value: Double, _ range: ClosedRange<Double>, written: String? = nil) -> String? {
        guard value.isFinite, range.contains(value) else {
            return "must be a number of seconds from \(Self.text(range.lowerBound)) to \(Self.text(range.upperBound)), "
                + "not \(written ?? String(value))"
        }
        return nil
    }

    private static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Every problem of a configuration file: not JSON, not an object, unknown or repeated keys, values
    /// of the wrong type, unknown zone or digest names, numbers out of range, a relative path. Empty
    /// when the file is good.
    public static func problems(in bytes: [UInt8]) -> [Problem] {
        let root: JSONNode
        do {
            root = try JSONScanner.parse(bytes)
        } catch {
            return [Problem(line: error.line, column: error.column, key: error.path.description, message: error.message)]
        }
        guard case .object(let members) = root.value else {
            return [Problem(line: root.line, column: root.column, key: "$",
                            message: "the configuration must be a JSON object, not \(root.typeName)")]
        }
        var problems: [Problem] = []
        var seen: [String: JSONMember] = [:]
        let known = CodingKeys.every.map(\.rawValue)
        for member in members {
            let path = JSONPath.root.appending(member.key)
            func problem(_ node: JSONNode, _ message: String, key: String? = nil) {
                problems.append(Problem(line: node.line, column: node.column, key: key ?? path.description, message: message))
            }
            if let first = seen[member.key] {
                problems.append(Problem(line: member.line, column: member.column, key: path.description,
                                        message: "\"\(member.key)\" is given twice (first at line \(first.line))"))
                continue
            }
            seen[member.key] = member
            guard let key = CodingKeys(rawValue: member.key) else {
                problems.append(Problem(line: member.line, column: member.column, key: path.description,
                                        message: "unknown key \"\(member.key)\" (known: \(known.joined(separator: ", ")))"))
                continue
            }
            let value = member.value
            switch key {
            case .timeZone, .volumeClockZone:
                guard case .string(let name) = value.value else {
                    problem(value, "must be a time zone name like \"Asia/Shanghai\", not \(value.typeName)"); continue
                }
                if TimeZone(identifier: name) == nil {
                    problem(value, "unknown time zone \"\(name)\" (a tz database name like \"Asia/Shanghai\" or \"UTC\")")
                }
            case .digests:
                guard case .array(let elements) = value.value else {
                    problem(value, "must be an array of digest names, not \(value.typeName)"); continue
                }
                let names = DigestAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")
                for (i, element) in elements.enumerated() {
                    let elementKey = path.appending(i).description
                    guard case .string(let name) = element.value else {
                        problem(element, "must be a digest name (\(names)), not \(element.typeName)", key: elementKey); continue
                    }
                    if DigestAlgorithm(rawValue: name) == nil {
                        problem(element, "unknown digest \"\(name)\" (known: \(names))", key: elementKey)
                    }
                }
            case .matchMargin, .coverageTolerance:
                if case .null = value.value { continue }
                let range = key == .matchMargin ? matchMarginRange : coverageToleranceRange
                guard case .number(let text) = value.value else {
                    problem(value, "must be a number of seconds, not \(value.typeName)"); continue
                }
                // JSON has no NaN or infinity; a number too large for a Double reads as infinity.
                if let message = secondsProblem(Double(text) ?? .infinity, range, written: text) { problem(value, message) }
            case .healthClockOffsetWarning, .healthClockOffsetFault, .healthDriftWarning:
                if case .null = value.value { continue }
                let unit = key == .healthDriftWarning ? "seconds a day" : "seconds"
                guard case .number(let text) = value.value else {
                    problem(value, "must be a number of \(unit), not \(value.typeName)"); continue
                }
                if let message = secondsProblem(Double(text) ?? .infinity, secondsRanges[key]!, written: text) {
                    problem(value, key == .healthDriftWarning ? message.replacingOccurrences(of: "seconds", with: "seconds a day") : message)
                }
            case .healthClockMaxAgeDays, .healthBatteryWarning, .healthStorageFreeWarning, .healthFailureRun,
                 .reverifyIntervalHours, .reverifyRateMBs, .offloadConcurrency, .offloadSliceBytes, .passwordCost,
                 .sessionIdleSeconds, .sessionLifetimeHours, .webCPUPercentDuringOffloads, .derivedRescanSeconds,
                 .clipPageCacheMB:
                if case .null = value.value { continue }
                let unit = wholeUnits[key]!
                guard case .number(let text) = value.value else {
                    problem(value, "must be a whole number of \(unit), not \(value.typeName)"); continue
                }
                if let message = wholeProblem(text, wholeRanges[key]!, unit: unit) { problem(value, message) }
            case .proxyPolicy:
                let names = ProxyPolicy.allCases.map(\.rawValue).joined(separator: ", ")
                guard case .string(let name) = value.value else {
                    problem(value, "must be one of \(names), not \(value.typeName)"); continue
                }
                if ProxyPolicy(rawValue: name) == nil { problem(value, "unknown proxy policy \"\(name)\" (known: \(names))") }
            case .serveListen:
                if case .null = value.value { continue }
                guard case .string(let text) = value.value else {
                    problem(value, "must be \"ADDRESS:PORT\" like \"127.0.0.1:8470\", not \(value.typeName)"); continue
                }
                if let message = listenProblem(text) { problem(value, message) }
            case .serveWatch:
                if case .null = value.value { continue }
                guard case .array(let elements) = value.value else {
                    problem(value, "must be an array of absolute folder paths, not \(value.typeName)"); continue
                }
                for (i, element) in elements.enumerated() {
                    let elementKey = path.appending(i).description
                    guard case .string(let folder) = element.value else {
                        problem(element, "must be an absolute folder path, not \(element.typeName)", key: elementKey); continue
                    }
                    if !folder.hasPrefix("/") || folder.utf8.contains(0) {
                        problem(element, "must be an absolute path (starting with /), not \"\(folder)\"", key: elementKey)
                    }
                }
            case .secureCookies:
                if case .null = value.value { continue }
                guard case .bool = value.value else { problem(value, "must be true or false, not \(value.typeName)"); continue }
            case .release:
                if case .null = value.value { continue }
                let names = ReleasePolicy.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
                guard case .string(let name) = value.value else {
                    problem(value, "must be \(names), not \(value.typeName)"); continue
                }
                if ReleasePolicy(rawValue: name) == nil { problem(value, "must be \(names), not \"\(name)\"") }
            case .clockSetAtDock:
                let names = ClockSetPolicy.allCases.map { "\"\($0.rawValue)\"" }
                let known = names.dropLast().joined(separator: ", ") + " or " + names.last!
                switch value.value {
                case .string(let name):
                    if ClockSetPolicy(rawValue: name) == nil { problem(value, "must be \(known), not \"\(name)\"") }
                case .bool(let flag):
                    // A yes or no would leave open whether an unsynchronised gateway sets clocks: the policy says.
                    problem(value, "must be \(known), not \(flag)")
                default:
                    problem(value, "must be \(known), not \(value.typeName)")
                }
            case .devicePasswords:
                if case .null = value.value { continue }
                for found in ConfiguredPasswords.problems(value, path: path) {
                    problems.append(Problem(line: found.node.line, column: found.node.column, key: found.key, message: found.message))
                }
            case .auditHeadCopy:
                if case .null = value.value { continue }
                guard case .string(let path) = value.value else {
                    problem(value, "must be an absolute path, not \(value.typeName)"); continue
                }
                if !path.hasPrefix("/") || path.utf8.contains(0) {
                    problem(value, "must be an absolute path (starting with /), not \"\(path)\"")
                }
            }
        }
        // The warning comes before the fault: a warning line above the fault line would never warn.
        func number(_ key: CodingKeys) -> Double? {
            guard let member = seen[key.rawValue], case .number(let text) = member.value.value else { return nil }
            return Double(text)
        }
        let given = [CodingKeys.healthClockOffsetWarning, .healthClockOffsetFault].compactMap { seen[$0.rawValue] }
        if let member = given.first {
            let warning = number(.healthClockOffsetWarning) ?? healthClockOffsetDefaults.warning
            let fault = number(.healthClockOffsetFault) ?? healthClockOffsetDefaults.fault
            if warning > fault {
                problems.append(Problem(
                    line: member.value.line, column: member.value.column, key: JSONPath.root.appending(member.key).description,
                    message: "health_clock_offset_warning (\(text(warning)) s) must not be above health_clock_offset_fault (\(text(fault)) s)"))
            }
        }
        return problems
    }

    /// What the probes use when `health_clock_offset_warning` and `health_clock_offset_fault` are not given.
    /// (The probes' own defaults, `HealthThresholds`, are the same.)
    public static let healthClockOffsetDefaults: (warning: Double, fault: Double) = (30, 300)
}

extension GatewayConfiguration.CodingKeys {
    /// Every key, for the message about an unknown one.
    static let every: [Self] = [
        .timeZone, .volumeClockZone, .digests, .matchMargin, .coverageTolerance, .auditHeadCopy, .healthClockMaxAgeDays,
        .healthClockOffsetWarning, .healthClockOffsetFault, .healthDriftWarning, .healthBatteryWarning,
        .healthStorageFreeWarning, .healthFailureRun, .proxyPolicy, .reverifyIntervalHours, .reverifyRateMBs,
        .serveListen, .serveWatch, .offloadConcurrency, .offloadSliceBytes, .release, .clockSetAtDock, .passwordCost,
        .sessionIdleSeconds, .sessionLifetimeHours, .secureCookies, .devicePasswords, .webCPUPercentDuringOffloads,
        .derivedRescanSeconds, .clipPageCacheMB,
    ]
}

extension GatewayConfiguration {
    /// Why `text` is not `ADDRESS:PORT` (an IPv4 address or `[IPv6]`, a port from 0 to 65535), or nil.
    /// Whether the address is a loopback one is the daemon's to say, where it listens.
    public static func listenProblem(_ text: String) -> String? {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
              let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
        else {
            return "must be ADDRESS:PORT like 127.0.0.1:8470 (port 0 to 65535), not \"\(text)\""
        }
        return nil
    }
}
