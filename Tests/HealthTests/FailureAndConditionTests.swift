import Evidence
import Foundation
import HealthProbes
import Testing
import TestSupport

/// Offloads that keep failing, and what the device reports of itself (battery, storage, firmware).
@Suite(.serialized)
struct FailureAndConditionTests {
    /// Failed docks through the Catalog API, as an offload records them (`clip.failed`, then the
    /// session ends `failed` with its count).
    func fail(_ h: HealthHome, serial: String, at: Date) throws {
        let catalog = try h.catalog()
        let device = try #require(try catalog.device(serial: serial))
        let session = try catalog.beginSession(deviceID: device.id, volume: "/media/recorder", host: "gateway", actor: "dock:1", at: at)
        try catalog.recordFailure(sessionID: session.id, sourcePath: "DCIM/100MEDIA/X.MP4", error: "EIO: input/output error",
                                  actor: "dock:1", at: at)
        try catalog.finishSession(id: session.id, status: .failed, stored: 0, alreadyStored: 0, failed: 1,
                                  error: "1 recording could not be copied", at: at.addingTimeInterval(5))
    }

    @Test func oneFailedOffloadIsAWarningAndARunOfThemAFault() throws {
        let h = try HealthHome()
        try h.offload(serial: "F000001", files: [.init(sequence: 1, hoursAgo: 50)])
        try fail(h, serial: "F000001", at: Date())
        let one = try h.health(of: "F000001")
        #expect(try one.probe("failures").status == .warning, "\(one.probes)")
        #expect(try one.probe("last_offload").status == .warning, "\(one.probes)")
        try fail(h, serial: "F000001", at: Date())
        let two = try h.health(of: "F000001")
        let failures = try two.probe("failures")
        #expect(failures.status == .fault && failures.reason.hasPrefix("2 failed offloads in a row (2 files not copied)"), "\(failures)")
        #expect(failures.reason.contains("1 recording could not be copied"), "\(failures.reason)")
        #expect(two.status == .fault)
        try Data(#"{"health_failure_run": 3}"#.utf8).write(to: h.home.appendingPathComponent("recgate.json"))
        #expect(try h.health(of: "F000001").probe("failures").status == .warning)
        try FileManager.default.removeItem(at: h.home.appendingPathComponent("recgate.json"))
        // The next good dock ends the run.
        try h.offload(serial: "F000001", files: [.init(sequence: 2, hoursAgo: 1)])
        #expect(try h.health(of: "F000001").probe("failures").status == .ok)
    }

    @Test func aLowBatteryAndAFullCardAreWarnings() throws {
        let h = try HealthHome()
        try h.offload(serial: "B000001", files: [.init(sequence: 1, hoursAgo: 2)])
        let catalog = try h.catalog()
        try catalog.recordDeviceCondition(NewDeviceCondition(deviceSerial: "B000001", batteryPercent: 90, firmware: "V1.0", source: "camera clock"),
                                          actor: "test", at: Date().addingTimeInterval(-86_400))
        try catalog.recordDeviceCondition(
            NewDeviceCondition(deviceSerial: "B000001", batteryPercent: 12, storageTotal: 32_000_000_000, storageFree: 1_000_000_000,
                               firmware: "V1.1", source: "camera clock"), actor: "test", at: Date())
        let health = try h.health(of: "B000001")
        let battery = try health.probe("battery")
        #expect(battery.status == .warning && battery.reason.hasPrefix("battery low: 12 %"), "\(battery)")
        let storage = try health.probe("storage")
        #expect(storage.status == .warning && storage.reason.contains("1000 MB free of 32000 MB (3 %)"), "\(storage)")
        let firmware = try health.probe("firmware")
        #expect(firmware.status == .ok && firmware.reason.hasPrefix("firmware V1.1 (was V1.0"), "\(firmware)")
        // The thresholds are the home's.
        try Data(#"{"health_battery_warning": 10, "health_storage_free_warning": 2}"#.utf8)
            .write(to: h.home.appendingPathComponent("recgate.json"))
        let relaxed = try h.health(of: "B000001")
        #expect(try relaxed.probe("battery").status == .ok && relaxed.probe("storage").status == .ok)
    }

    /// Reports are insert-only and audited; nonsense is refused, nothing half-written.
    @Test func conditionReportsAreAuditedAndChecked() throws {
        let h = try HealthHome()
        try h.offload(serial: "B000002", files: [.init(sequence: 1, hoursAgo: 2)])
        let catalog = try h.catalog()
        let row = try catalog.recordDeviceCondition(NewDeviceCondition(deviceSerial: "B000002", batteryPercent: 50, source: "test"),
                                                    actor: "test", at: Date())
        #expect(try catalog.auditEntries(object: "condition:\(row.id)").map(\.action) == ["device.condition"])
        #expect(throws: EvidenceError.self) {
            try catalog.recordDeviceCondition(NewDeviceCondition(deviceSerial: "B000002", batteryPercent: 101, source: "test"), actor: "t", at: Date())
        }
        #expect(throws: EvidenceError.self) {
            try catalog.recordDeviceCondition(NewDeviceCondition(deviceSerial: "B000002", source: "test"), actor: "t", at: Date())
        }
        #expect(try catalog.deviceConditions(deviceSerial: "B000002").count == 1)
        try h.recgate(["audit", "verify"])
    }
}
