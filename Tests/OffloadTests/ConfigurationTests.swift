import Foundation
import Offload
import Testing
import TestSupport

/// `recgate.json` is read as strictly as a case file, and every number on the command line has a
/// range: the real binary gives a clear error naming the key or option and exits non-zero, never
/// traps and never takes a default silently.
@Suite struct ConfigurationTests {
    /// Runs `recgate --home HOME args…` with `recgate.json` holding `configuration` (none when nil).
    func run(_ args: [String], configuration: String? = nil) throws -> RecgateBinary.Result {
        let folder = try TempDirectory(prefix: "recgate-config")
        let home = folder.path("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        if let configuration {
            try Data(configuration.utf8).write(to: home.appendingPathComponent("recgate.json"))
        }
        return try RecgateBinary.shared.run(["--home", home.path] + args)
    }

    @Test(arguments: [
        (#"{"match_margin": 60, "match_margin": 90}"#,
         #"line 1, column 22, match_margin: "match_margin" is given twice (first at line 1)"#),
        ("{\"time_zone\": \"Asia/Shanghai\",\n \"coverage_tolerence\": 30}",
         #"line 2, column 2, coverage_tolerence: unknown key "coverage_tolerence" (known: time_zone, volume_clock_zone, digests, match_margin, coverage_tolerance, audit_head_copy, health_clock_max_age_days, health_clock_offset_warning, health_clock_offset_fault, health_drift_warning, health_battery_warning, health_storage_free_warning, health_failure_run, proxy_policy, reverify_interval_hours, reverify_rate_mb_s, serve_listen, serve_watch, offload_concurrency, offload_slice_bytes, release, clock_set_at_dock, password_cost, session_idle_seconds, session_lifetime_hours, secure_cookies, device_passwords, web_cpu_percent_during_offloads, derived_rescan_seconds, clip_page_cache_mb)"#),
        (#"{"match_margin": "120"}"#, "line 1, column 18, match_margin: must be a number of seconds, not a string"),
        (#"{"match_margin": 1e308}"#, "line 1, column 18, match_margin: must be a number of seconds from 0 to 3600, not 1e308"),
        (#"{"coverage_tolerance": 1e400}"#,
         "line 1, column 24, coverage_tolerance: must be a number of seconds from 0 to 3600, not 1e400"),
        (#"{"match_margin": -5}"#, "line 1, column 18, match_margin: must be a number of seconds from 0 to 3600, not -5"),
        (#"{"time_zone": "Mars/Olympus_Mons"}"#,
         #"line 1, column 15, time_zone: unknown time zone "Mars/Olympus_Mons" (a tz database name like "Asia/Shanghai" or "UTC")"#),
        (#"{"volume_clock_zone": 8}"#,
         #"line 1, column 23, volume_clock_zone: must be a time zone name like "Asia/Shanghai", not a number"#),
        (#"{"digests": ["sha256", "md5"]}"#, #"line 1, column 24, digests[1]: unknown digest "md5" (known: sha256, sm3)"#),
        (#"{"digests": "sm3"}"#, "line 1, column 13, digests: must be an array of digest names, not a string"),
        (#"{"audit_head_copy": "head.txt"}"#,
         #"line 1, column 21, audit_head_copy: must be an absolute path (starting with /), not "head.txt""#),
        (#"{"clock_set_at_dock": true}"#,
         #"line 1, column 23, clock_set_at_dock: must be "when_synchronised", "always" or "never", not true"#),
        (#"{"clock_set_at_dock": false}"#,
         #"line 1, column 23, clock_set_at_dock: must be "when_synchronised", "always" or "never", not false"#),
        (#"{"clock_set_at_dock": "sometimes"}"#,
         #"line 1, column 23, clock_set_at_dock: must be "when_synchronised", "always" or "never", not "sometimes""#),
        (#"{"clock_set_at_dock": null}"#,
         #"line 1, column 23, clock_set_at_dock: must be "when_synchronised", "always" or "never", not null"#),
        (#"{"password_cost": 9}"#,
         "line 1, column 19, password_cost: must be a whole number of bcrypt cost (log2 rounds) from 10 to 16, not 9"),
        (#"{"password_cost": "12"}"#,
         "line 1, column 19, password_cost: must be a whole number of bcrypt cost (log2 rounds), not a string"),
        (#"{"session_idle_seconds": 4}"#,
         "line 1, column 26, session_idle_seconds: must be a whole number of seconds from 5 to 86400, not 4"),
        (#"{"session_lifetime_hours": 200}"#,
         "line 1, column 28, session_lifetime_hours: must be a whole number of hours from 1 to 168, not 200"),
        (#"{"web_cpu_percent_during_offloads": 0}"#,
         "line 1, column 37, web_cpu_percent_during_offloads: must be a whole number of percent of a core from 1 to 6400, not 0"),
        (#"{"clip_page_cache_mb": -1}"#,
         "line 1, column 24, clip_page_cache_mb: must be a whole number of MB from 0 to 65536, not -1"),
        (#"{"clip_page_cache_mb": 1.5}"#,
         "line 1, column 24, clip_page_cache_mb: must be a whole number of MB from 0 to 65536, not 1.5"),
        (#"{"secure_cookies": "yes"}"#,
         "line 1, column 20, secure_cookies: must be true or false, not a string"),
        ("[1]", "line 1, column 1, $: the configuration must be a JSON object, not an array"),
        (#"{"match_margin": 60"#, "line 1, column 20, $: expected \",\" or \"}\" after the value of \"match_margin\", found the end of the document"),
    ])
    func aBrokenConfigurationIsRefusedNamingTheKeyAndPlace(configuration: String, problem: String) throws {
        // A command that reads cases, and one that offloads: both read the configuration first.
        let report = try run(["case", "report"], configuration: configuration)
        #expect(report.status == 1)
        #expect(report.stderr.contains(problem), "\(report.stderr)")
        let offload = try run(["offload", "--volume", "/nonexistent", "--device", "A001234"], configuration: configuration)
        #expect(offload.status == 1)
        #expect(offload.stderr.contains(problem), "\(offload.stderr)")
    }

    /// `device_passwords`: each problem named with its place, and never a password (or what was written for
    /// one) in the message.
    @Test func devicePasswordsAreCheckedAndNeverEchoed() throws {
        let text = #"""
            {"device_passwords": {"models": {"4255:1": "000000", "4255:0001": "12345"},
             "devices": {"A001240": "13579;", "A001241": 135790, "A001242": "246801"}, "extra": {}}}
            """#
        let problems = GatewayConfiguration.problems(in: Array(text.utf8))
        #expect(problems.map(\.description) == [
            #"line 1, column 44, device_passwords.models["4255:1"]: a model is VID:PID in lowercase hex, like "4255:0001""#,
            "line 1, column 67, device_passwords.models[\"4255:0001\"]: must be 6 ASCII letters or digits (the value is not shown)",
            "line 2, column 25, device_passwords.devices.A001240: must be 6 ASCII letters or digits (the value is not shown)",
            "line 2, column 46, device_passwords.devices.A001241: must be a password string, not a number",
            #"line 2, column 85, device_passwords.extra: unknown key "extra" (known: models, devices)"#,
        ], "\(problems)")
        for secret in ["12345", "13579;", "135790", "246801", "000000"] {
            #expect(!problems.contains { $0.description.contains(secret) })
        }
        // The binary refuses the file with the same words, and shows no password either.
        let refused = try run(["case", "report"], configuration: text)
        #expect(refused.status == 1 && refused.stderr.contains("device_passwords.devices.A001240: must be 6 ASCII letters or digits"))
        for secret in ["12345", "13579;", "246801"] { #expect(!refused.stderr.contains(secret), "\(refused.stderr)") }

        // A good one is read, by device and by model, and encodes without its passwords.
        let good = try JSONDecoder().decode(GatewayConfiguration.self, from: Data(#"""
            {"device_passwords": {"models": {"4255:0001": "000000"}, "devices": {"A001240": "Ab3579"}}}
            """#.utf8))
        let passwords = try #require(good.devicePasswords?.passwords)
        #expect(passwords.password(serial: "A001240", model: "4255:0001") == "Ab3579")
        #expect(passwords.password(serial: "A009999", model: "4255:0001") == "000000")
        #expect(passwords.password(serial: nil, model: "4255:0002") == nil)
        let encoded = String(decoding: try JSONEncoder().encode(good), as: UTF8.self)
        #expect(!encoded.contains("Ab3579") && !encoded.contains("000000") && encoded.contains("A001240"), "\(encoded)")
    }

    @Test func everyProblemOfTheFileIsReportedAtOnce() throws {
        let problems = GatewayConfiguration.problems(in: Array("""
            {"time_zone": "Mars/Olympus", "match_margin": 1e308,
             "digests": [1], "extra": true}
            """.utf8))
        #expect(problems.map(\.key) == ["time_zone", "match_margin", "digests[0]", "extra"])
        #expect(problems.map(\.line) == [1, 1, 2, 2])
    }

    @Test func aGoodConfigurationIsReadWhole() throws {
        let folder = try TempDirectory(prefix: "recgate-config")
        try Data("""
            {"time_zone": "UTC", "volume_clock_zone": "Asia/Shanghai", "digests": ["sha256", "sm3"],
             "match_margin": 3600, "coverage_tolerance": 0, "audit_head_copy": "/var/lib/recgate/audit-head"}
            """.utf8).write(to: folder.path("recgate.json"))
        let configuration = try GatewayConfiguration.load(from: GatewayHome(root: folder.url))
        #expect(configuration.timeZone == "UTC")
        #expect(configuration.volumeClockZone == "Asia/Shanghai")
        #expect(configuration.digests == [.sha256, .sm3])
        #expect(configuration.matchMargin == 3600)
        #expect(configuration.coverageTolerance == 0)
        #expect(configuration.auditHeadCopy == "/var/lib/recgate/audit-head")
    }

    /// `clock_set_at_dock` is one of three policies, `when_synchronised` when not given.
    @Test func clockSetAtDockIsOneOfThreePolicies() throws {
        let folder = try TempDirectory(prefix: "recgate-config")
        #expect(try GatewayConfiguration.load(from: GatewayHome(root: folder.url)).clockSetAtDock == .whenSynchronised)
        for (text, policy) in [("when_synchronised", GatewayConfiguration.ClockSetPolicy.whenSynchronised),
                               ("always", .always), ("never", .never)] {
            try Data(#"{"clock_set_at_dock": "\#(text)"}"#.utf8).write(to: folder.path("recgate.json"))
            #expect(try GatewayConfiguration.load(from: GatewayHome(root: folder.url)).clockSetAtDock == policy)
        }
    }

    /// Each absurd number a person might type, with the option it goes to: a usage error (64) that
    /// names the option and its range, whatever the rest of the command would have done.
    @Test(arguments: [
        (["case", "check", "C1", "--margin=-5"], "--margin must be a number of seconds from 0 to 3600"),
        (["case", "check", "C1", "--margin", "1e308"], "--margin must be a number of seconds from 0 to 3600, not 1e+308"),
        (["case", "check", "C1", "--margin", "nan"], "--margin must be a number of seconds from 0 to 3600, not nan"),
        (["case", "report", "--margin", "inf"], "--margin must be a number of seconds from 0 to 3600, not inf"),
        (["probe", "clip.mp4", "--tolerance", "1e308"], "--tolerance must be a number of seconds from 0 to 86400"),
        (["probe", "clip.mp4", "--tolerance", "nan"], "--tolerance must be a number of seconds from 0 to 86400"),
        (["sheet", "clip.mp4", "--out", "s.jpg", "--columns", "99999999999999999999"], "--columns"),
        (["sheet", "clip.mp4", "--out", "s.jpg", "--tile=-1"], "--tile is 16 to 1920 pixels"),
        (["proxy", "clip.mp4", "--out", "p.mp4", "--height", "100000"], "--height must be between 16 and 4320"),
        (["docks", "--learn", "--bays", "1000000"], "--bays must be 1 to 255, not 1000000"),
        (["dock", "power", "0", "on"], "the bay number must be 1 to 255, not 0"),
        (["dock", "power", "99999999999999999999", "on"], "99999999999999999999"),
        (["dock", "power", "1", "cycle", "--off-seconds", "1e12"], "--off-seconds must be a number of seconds from 0 to 60"),
        (["dock", "power", "1", "cycle", "--off-seconds", "nan"], "--off-seconds must be a number of seconds from 0 to 60"),
    ])
    func absurdNumbersAreUsageErrors(args: [String], message: String) throws {
        let result = try run(args)
        #expect(result.status == 64, "\(args): exit \(result.status) \(result.stderr)")
        #expect(result.stderr.contains(message), "\(args): \(result.stderr)")
    }
}
