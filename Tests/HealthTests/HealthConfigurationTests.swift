import Foundation
import Offload
import Testing
import TestSupport

/// The `health_*` keys of `recgate.json` are read as strictly as the others: out of range or of the
/// wrong type is an error naming the key and its place, never a default taken silently.
struct HealthConfigurationTests {
    func problems(_ json: String) -> [String] {
        GatewayConfiguration.problems(in: Array(json.utf8)).map(\.description)
    }

    @Test func goodValuesAreRead() throws {
        #expect(problems(#"{"health_clock_max_age_days": 7, "health_clock_offset_warning": 10, "health_clock_offset_fault": 120.5, "health_drift_warning": 1.5, "health_battery_warning": 15, "health_storage_free_warning": 5, "health_failure_run": 3}"#) == [])
        let c = try JSONDecoder().decode(GatewayConfiguration.self, from: Data(#"{"health_clock_max_age_days": 7, "health_drift_warning": 1.5}"#.utf8))
        #expect(c.healthClockMaxAgeDays == 7 && c.healthDriftWarning == 1.5 && c.healthFailureRun == nil)
    }

    @Test func badValuesNameTheKeyAndTheRange() {
        #expect(problems(#"{"health_clock_max_age_days": 0}"#)
                == ["line 1, column 31, health_clock_max_age_days: must be a whole number of days from 1 to 365, not 0"])
        #expect(problems(#"{"health_clock_max_age_days": 2.5}"#).first?.contains("whole number of days") == true)
        #expect(problems(#"{"health_battery_warning": 101}"#).first?.contains("from 0 to 100, not 101") == true)
        #expect(problems(#"{"health_failure_run": "2"}"#).first?.contains("must be a whole number of offloads, not a string") == true)
        #expect(problems(#"{"health_clock_offset_warning": 0}"#).first?.contains("from 1 to 86400, not 0") == true)
        #expect(problems(#"{"health_drift_warning": 1e400}"#).first?.contains("seconds a day") == true)
        #expect(problems(#"{"health_clock_max_age": 3}"#).first?.contains("unknown key") == true)
    }

    /// The binary refuses a bad key with the file's name and the key's place.
    @Test func theCommandRefusesABadConfiguration() throws {
        let temp = try TempDirectory(prefix: "recgate-health-config")
        let home = temp.path("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data(#"{"health_failure_run": 0}"#.utf8).write(to: home.appendingPathComponent("recgate.json"))
        let result = try run(try PackageRoot.recgate(), ["--home", home.path, "devices", "--health"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("health_failure_run") && result.stderr.contains("recgate.json"), "\(result.stderr)")
    }
}

extension HealthConfigurationTests {
    /// A warning line above the fault line would never warn: refused, against the other's default too.
    @Test func theOffsetWarningIsNotAboveTheFault() {
        #expect(problems(#"{"health_clock_offset_warning": 60, "health_clock_offset_fault": 600}"#) == [])
        #expect(problems(#"{"health_clock_offset_warning": 600, "health_clock_offset_fault": 60}"#)
                == ["line 1, column 33, health_clock_offset_warning: health_clock_offset_warning (600 s) must not be above health_clock_offset_fault (60 s)"])
        #expect(problems(#"{"health_clock_offset_warning": 400}"#).first?.contains("above health_clock_offset_fault (300 s)") == true)
        #expect(problems(#"{"health_clock_offset_fault": 20}"#).first?.contains("health_clock_offset_warning (30 s) must not be above") == true)
    }
}
