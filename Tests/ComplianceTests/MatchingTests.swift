import Compliance
import Foundation
import Testing

/// Which clips a step gets: custody, devices, officer names, margins, overlapping steps.
@Suite struct MatchingTests {
    typealias F = Fixtures

    @Test func noClipIsAMissingRecording() throws {
        let steps = [
            F.step("S1", from: "09:30:00", to: "10:15:00"),
            F.step("S2", "approval", from: "11:00:00", to: "11:10:00", officers: [], roles: F.threeRoles),
            F.step("S3", "interview", from: "14:00:00", to: "14:30:00"),
        ]
        let result = try F.check(steps, clips: [F.video("elsewhere", from: "18:00:00", seconds: 60)])
        #expect(result.findings.map(\.kind) == [.missingRecording, .missingRecording])
        let missing = result.findings[0]
        #expect(missing.stepID == "S1")
        #expect(missing.severity == .error)
        #expect(missing.article == "11(1)")
        #expect(missing.evidence.devices == ["A001"])
        #expect(missing.explanation.zh.contains("现场检查环节 S1"))
        #expect(missing.explanation.zh.contains("（第十一条第（一）项）"))
        #expect(missing.explanation.en.contains("(Art 11(1))"))
        // Documents only: no recording findings, no coverage.
        #expect(result.steps[1].recording == .documents)
        #expect(result.steps[1].coverage == nil)
        // An interview is recorded by fixed cameras the step must name (Art 12(1)).
        #expect(result.findings[1].stepID == "S3")
        #expect(result.findings[1].article == "12(1)")
        #expect(result.findings[1].evidence.devices == [])
        #expect(result.findings[1].explanation.en.contains("names no fixed camera"))
        #expect(result.steps[0].coverage?.uncovered == [TimeSpan(start: F.at("09:30:00"), end: F.at("10:15:00"))])
        #expect(!missing.explanation.en.contains("never read"))
        // A device whose clock was never read may have stamped its clips far away: the finding says so.
        let unread = try F.check([steps[0]], clips: [], clocks: [])
        #expect(unread.findings[0].explanation.en.contains("The clock of A001 was never read"))
    }

    @Test func marginsDecideWhatMatches() throws {
        let step = F.step("S1", from: "09:30:00", to: "10:00:00")
        let near = F.video("near", from: "09:27:00", seconds: 90) // ends 90 s before the step
        let far = F.video("far", from: "09:20:00", seconds: 180) // ends 7 min before
        let result = try F.check([step], clips: [near, far])
        #expect(result.steps[0].clips.map(\.clipID) == ["near"])
        #expect(result.findings.map(\.kind) == [.unmatchedClip])
        #expect(result.findings[0].severity == .info)
        #expect(result.findings[0].evidence.clips.map(\.clipID) == ["far"])
        var narrow = CheckPolicy()
        narrow.matchMargin = 60
        let strict = try F.check([step], clips: [near, far], policy: narrow)
        #expect(strict.steps[0].clips.isEmpty)
        #expect(strict.findings.map(\.kind) == [.missingRecording, .unmatchedClip, .unmatchedClip])
        // Beyond the unmatched window nothing is listed.
        var small = CheckPolicy()
        small.unmatchedWindow = 300
        #expect(try F.check([step], clips: [near, far], policy: small).findings.isEmpty)
    }

    @Test func overlappingStepsShareAClip() throws {
        let steps = [F.step("S1", from: "09:30:00", to: "10:00:00", fullProcess: true),
                     F.step("S2", "evidence_preservation", from: "09:45:00", to: "10:15:00", fullProcess: true)]
        let result = try F.check(steps, clips: [F.video("v", from: "09:29:00", seconds: 2820)])
        #expect(result.findings.isEmpty)
        #expect(result.steps.map { $0.clips.map(\.clipID) } == [["v"], ["v"]])
        #expect(result.steps.map { $0.coverage?.fraction } == [1, 1])
    }

    /// Custody says whose a device was when: a clip recorded after the handover is not the first
    /// officer's.
    @Test func custodyDecidesWhoseClipsCount() throws {
        let custody = [F.custody("310045", "A001", to: "2026-11-03T10:00:00+08:00"),
                       F.custody("310046", "A001", from: "2026-11-03T10:00:00+08:00")]
        let step = F.step("S1", from: "09:30:00", to: "10:30:00")
        let afterHandover = F.video("v", from: "10:10:00", seconds: 600)
        let result = try F.check([step], clips: [afterHandover], custody: custody)
        #expect(result.findings.map(\.kind) == [.missingRecording])
        let before = F.video("w", from: "09:40:00", seconds: 600)
        let withOne = try F.check([step], clips: [afterHandover, before], custody: custody)
        #expect(withOne.steps[0].clips.map(\.clipID) == ["w"])
        #expect(withOne.findings.isEmpty)
    }

    @Test func stepDevicesAndOfficerNamesMatchWithoutCustody() throws {
        let camera = F.video("cam", device: "CAM-2", from: "14:00:00", seconds: 1800)
        let body = F.video("body", device: "A001", from: "14:00:00", seconds: 1800)
        var named = F.video("named", device: "Z999", from: "09:35:00", seconds: 60)
        named.officer = "310045"
        let steps = [F.step("I", "interview", from: "14:00:00", to: "14:30:00", devices: ["CAM-2"]),
                     F.step("S", from: "09:30:00", to: "10:00:00")]
        let result = try F.check(steps, clips: [camera, body, named], clocks: F.goodClock(["A001", "CAM-2"]))
        // A fixed-camera step takes only its cameras; the officer's body recorder is no substitute.
        #expect(result.steps[0].clips.map(\.clipID) == ["cam"])
        #expect(result.steps[0].clips[0].matchedBy == ["device"])
        #expect(result.steps[1].clips.map(\.clipID) == ["named"])
        #expect(result.steps[1].clips[0].matchedBy == ["officer"])
        // Z999 has no clock reading.
        #expect(result.findings.map(\.kind) == [.noClockReading])
        #expect(result.findings[0].evidence.devices == ["Z999"])
        #expect(result.findings[0].stepID == "S")
    }

    @Test func aDeviceClockOffIsCorrectedBeforeMatching() throws {
        // The device runs 10 minutes fast: its 09:40 clip is the step's 09:30.
        let clocks = [F.dock(at: F.at("07:00:00"), offset: 600), F.dock(at: F.at("20:00:00"), offset: 600)]
        let clip = F.video("v", start: F.local("2026-11-03 09:39:30"), duration: 2760)
        let result = try F.check([F.step("S1", from: "09:30:00", to: "10:15:00", fullProcess: true)], clips: [clip], clocks: clocks)
        #expect(result.findings.isEmpty)
        #expect(result.steps[0].clips[0].start.instant == F.at("09:29:30"))
        #expect(result.steps[0].clips[0].start.offset == 600)
        #expect(result.steps[0].clips[0].start.deviceTime == "2026-11-03T09:39:30")
    }
}
