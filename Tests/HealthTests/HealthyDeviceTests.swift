import Evidence
import Foundation
import HealthProbes
import Testing
import TestSupport

/// No false alarms on clean data: a device docked regularly, its clock read, no gaps, whole files and
/// good reports is `ok` on every probe.
@Suite(.serialized)
struct HealthyDeviceTests {
    @Test func aHealthyDeviceIsOkOnEveryProbe() throws {
        let h = try HealthHome()
        // Yesterday's dock and today's: the first card's files were released, the second starts after them.
        try h.offload(serial: "H000001", files: [.init(sequence: 1, hoursAgo: 30), .init(sequence: 2, hoursAgo: 29),
                                                 .init(sequence: 3, hoursAgo: 28)])
        try h.recordClock(serial: "H000001", offset: 1, hoursAgo: 24)
        try h.offload(serial: "H000001", files: [.init(sequence: 4, hoursAgo: 6), .init(sequence: 5, hoursAgo: 5),
                                                 .init(sequence: 6, hoursAgo: 4, locked: true)])
        try h.recordClock(serial: "H000001", offset: 2)
        try h.catalog().recordDeviceCondition(
            NewDeviceCondition(deviceSerial: "H000001", batteryPercent: 85, storageTotal: 32_000_000_000,
                               storageFree: 20_000_000_000, firmware: "V2.1.0", source: "camera clock"),
            actor: "test", at: Date())

        let health = try h.health(of: "H000001")
        #expect(health.status == .ok, "\(health.probes)")
        for probe in health.probes {
            #expect(probe.status == .ok, "\(probe.probe): \(probe.status) — \(probe.reason)")
        }
        // Every probe is there, once.
        #expect(Set(health.probes.map(\.probe)) == Set(HealthCheck.probes.map(\.name)))
        #expect(health.probes.count == HealthCheck.probes.count)
        #expect(try health.probe("recordings_since_dock").reason.hasPrefix("3 new recordings"))
        #expect(try health.probe("sequence_gaps").reason.contains("4–6"))
    }

    /// A device that never reported its battery, storage or firmware is `unknown` there, not faulty,
    /// and that does not make the device look worse.
    @Test func factsNeverReportedAreUnknownNotFaults() throws {
        let h = try HealthHome()
        try h.offload(serial: "H000002", files: [.init(sequence: 1, hoursAgo: 3), .init(sequence: 2, hoursAgo: 2)])
        try h.recordClock(serial: "H000002", offset: 0)
        let health = try h.health(of: "H000002")
        for name in ["battery", "storage", "firmware"] {
            #expect(try health.probe(name).status == .unknown)
            #expect(try health.probe(name).reason.contains("never reported"))
        }
        #expect(try health.probe("clock_drift").status == .unknown, "one reading gives no rate")
        #expect(health.status == .ok, "\(health.probes)")
    }

    /// The text form names each device and every probe, and the JSON keeps every key.
    @Test func textAndJSONShapes() throws {
        let h = try HealthHome()
        try h.offload(serial: "H000003", files: [.init(sequence: 1, hoursAgo: 3)])
        let text = try h.recgate(["devices", "--health"]).stdout
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("H000003\t") == true, "\(text)")
        #expect(lines.count == 1 + HealthCheck.probes.count, "\(text)")
        let json = try h.recgate(["devices", "--health", "--json"]).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(Set(try #require(object.first).keys) == ["serial", "model", "profile", "status", "probes"])
    }

    @Test func aHomeWithoutACatalogIsAClearError() throws {
        let h = try HealthHome()
        let result = try h.recgate(["devices", "--health"], status: 1)
        #expect(result.stderr.contains("no catalog"), "\(result.stderr)")
    }
}
