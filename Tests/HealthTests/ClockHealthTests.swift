import DeviceKit
import Evidence
import Foundation
import HealthProbes
import Testing
import TestSupport

/// The clock probes: never read (with the bound from the newest recording), not read for too long, far
/// off at the last reading, drifting.
@Suite(.serialized)
struct ClockHealthTests {
    @Test func aClockNeverReadIsAWarningBoundedByItsNewestRecording() throws {
        let h = try HealthHome()
        try h.offload(serial: "N000001", files: [.init(sequence: 1, hoursAgo: 5), .init(sequence: 2, hoursAgo: 3)])
        let health = try h.health(of: "N000001")
        let age = try health.probe("clock_age")
        #expect(age.status == .warning && age.reason.hasPrefix("clock never read"), "\(age)")
        let offset = try health.probe("clock_offset")
        #expect(offset.status == .warning, "\(offset)")
        // Named 3 h before the dock: the clock is at most that far behind.
        #expect(offset.reason.contains("_0002.MP4") && offset.reason.contains("3 h before it was docked")
                && offset.reason.contains("at most"), "\(offset.reason)")
        #expect(health.status == .warning)
    }

    @Test func aRecordingNamedAfterTheDockBoundsAClockNeverReadAsFarAhead() throws {
        let h = try HealthHome()
        // Named 2 h in the future: the clock was at least 2 h ahead.
        try h.offload(serial: "N000002", files: [.init(sequence: 1, hoursAgo: 1), .init(sequence: 2, hoursAgo: -2)])
        let offset = try h.health(of: "N000002").probe("clock_offset")
        #expect(offset.status == .fault, "\(offset)")
        #expect(offset.reason.contains("at least that far ahead"), "\(offset.reason)")
    }

    @Test func aClockNotReadForLongerThanTheConfiguredDaysIsStale() throws {
        let h = try HealthHome()
        try h.offload(serial: "S000001", files: [.init(sequence: 1, hoursAgo: 2)])
        try h.recordClock(serial: "S000001", offset: 0, hoursAgo: 40 * 24)
        let age = try h.health(of: "S000001").probe("clock_age")
        #expect(age.status == .warning, "\(age)")
        #expect(age.reason.hasPrefix("clock not read for 40 days") && age.reason.contains("more than 30 days"), "\(age.reason)")
        // The limit is the home's: at 60 days the same reading is recent enough.
        try Data(#"{"health_clock_max_age_days": 60}"#.utf8).write(to: h.home.appendingPathComponent("recgate.json"))
        #expect(try h.health(of: "S000001").probe("clock_age").status == .ok)
    }

    @Test func aLargeOffsetAtTheLastReadingIsAWarningThenAFault() throws {
        let h = try HealthHome()
        try h.offload(serial: "O000001", files: [.init(sequence: 1, hoursAgo: 2)])
        try h.recordClock(serial: "O000001", offset: 60, hoursAgo: 1)
        let warning = try h.health(of: "O000001").probe("clock_offset")
        #expect(warning.status == .warning && warning.reason.contains("+60 s"), "\(warning)")
        try h.recordClock(serial: "O000001", offset: 600)
        let health = try h.health(of: "O000001")
        let fault = try health.probe("clock_offset")
        #expect(fault.status == .fault && fault.reason.contains("+10 min"), "\(fault)")
        #expect(health.status == .fault)
        // The lines are the home's.
        try Data(#"{"health_clock_offset_warning": 90, "health_clock_offset_fault": 900}"#.utf8)
            .write(to: h.home.appendingPathComponent("recgate.json"))
        #expect(try h.health(of: "O000001").probe("clock_offset").status == .warning)
    }

    /// 45 s off read off a screen (±30 s) proves only 15 s: no warning. The same read over USB at a
    /// dock (±1 s) is one.
    @Test func anOffsetIsJudgedLessTheReadingsResolution() throws {
        let h = try HealthHome()
        try h.offload(serial: "O000002", files: [.init(sequence: 1, hoursAgo: 2)])
        // An hour before the dock reading below, so the two never share a gateway second.
        try h.recordClock(serial: "O000002", offset: 45, hoursAgo: 1)
        let manual = try h.health(of: "O000002").probe("clock_offset")
        #expect(manual.status == .ok && manual.reason.contains("+45 s (±30 s)"), "\(manual)")
        let at = Date().rounded()
        try h.catalog().recordClockObservations(
            [NewClockObservation(deviceSerial: "O000002", deviceTime: LocalTimestamp(at.addingTimeInterval(45), in: HealthHome.zone).description,
                                 gatewayTime: at, source: "dock")], actor: "test", at: at)
        let dock = try h.health(of: "O000002").probe("clock_offset")
        #expect(dock.status == .warning && dock.reason.contains("+45 s (±1 s) at the dock reading"), "\(dock)")
    }

    /// Dock readings (to the second) two days apart, 20 s further off: 10 s a day.
    @Test func aClockDriftingFasterThanTheLimitIsAWarning() throws {
        let h = try HealthHome()
        try h.offload(serial: "D000001", files: [.init(sequence: 1, hoursAgo: 2)])
        let now = Date().rounded()
        let readings = [(now.addingTimeInterval(-2 * 86_400), 0.0), (now, 20.0)].map { at, offset in
            NewClockObservation(deviceSerial: "D000001", deviceTime: LocalTimestamp(at.addingTimeInterval(offset), in: HealthHome.zone).description,
                                gatewayTime: at, source: "dock")
        }
        try h.catalog().recordClockObservations(readings, actor: "test", at: now)
        let health = try h.health(of: "D000001")
        let drift = try health.probe("clock_drift")
        #expect(drift.status == .warning && drift.reason.contains("+10.0 s/day"), "\(drift)")
        #expect(try health.probe("clock_offset").status == .ok, "20 s is within the offset warning")
        try Data(#"{"health_drift_warning": 15}"#.utf8).write(to: h.home.appendingPathComponent("recgate.json"))
        #expect(try h.health(of: "D000001").probe("clock_drift").status == .ok)
    }

    /// The same change read off a screen (±30 s a reading) is noise, not drift.
    @Test func aChangeWithinManualReadingsResolutionIsNotDrift() throws {
        let h = try HealthHome()
        try h.offload(serial: "D000002", files: [.init(sequence: 1, hoursAgo: 2)])
        try h.recordClock(serial: "D000002", offset: 0, hoursAgo: 48)
        try h.recordClock(serial: "D000002", offset: 20)
        let drift = try h.health(of: "D000002").probe("clock_drift")
        #expect(drift.status == .ok && drift.reason.contains("within the readings' resolution"), "\(drift)")
    }
}
