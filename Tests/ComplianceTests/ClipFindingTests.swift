import Compliance
import DeviceKit
import Foundation
import Testing

/// Findings about the clips themselves: times that disagree, damage, the store, clocks.
@Suite struct ClipFindingTests {
    typealias F = Fixtures
    let step = F.step("S1", from: "09:30:00", to: "10:15:00")

    @Test func sourcesThatDisagree() throws {
        var clip = F.video("v", from: "09:31:00", seconds: 600)
        clip.containerStart = F.reading(F.at("09:36:00"))
        let result = try F.check([step], clips: [clip])
        #expect(result.findings.map(\.kind) == [.timeDisagreement])
        let finding = result.findings[0]
        #expect(finding.severity == .warning)
        #expect(finding.article == "11(1)")
        #expect(finding.evidence.sources == [
            TimeSourceValue(source: "file_name", deviceTime: "2026-11-03T09:31:00", difference: 0),
            TimeSourceValue(source: "container", deviceTime: "2026-11-03T09:36:00", difference: 300),
            TimeSourceValue(source: "file_system", deviceTime: "2026-11-03T09:31:00", difference: 0),
        ])
        #expect(finding.explanation.zh.contains("采用文件名的时间"))
        // The name wins: the clip is placed at 09:31.
        #expect(result.steps[0].clips[0].start.instant == F.at("09:31:00"))
        // Within the tolerance (2 s + 1 s + 1 s) plus the 30 s pre-event buffer: agreement.
        clip.containerStart = F.reading(F.at("09:31:33"))
        #expect(try F.check([step], clips: [clip]).findings.isEmpty)
        // An end stamp before the start is a disagreement too (no duration known).
        let stamped = ClipFacts(id: "w", device: "A001", nameStart: F.reading(F.at("09:40:00")), fileTime: F.reading(F.at("09:35:00")))
        let odd = try F.check([step], clips: [stamped])
        #expect(odd.findings.map(\.kind) == [.timeDisagreement])
        #expect(odd.findings[0].evidence.sources.map(\.source) == ["file_name", "file_system_end"])
    }

    @Test func damagedAndUnverifiedClips() throws {
        var truncated = F.video("t", from: "09:31:00", seconds: 600)
        truncated.integrity = .truncated
        var unverified = F.video("u", from: "09:45:00", seconds: 600)
        unverified.verified = false
        var corrupt = F.video("c", from: "10:00:00", seconds: 60)
        corrupt.integrity = .corrupt
        let result = try F.check([step], clips: [truncated, unverified, corrupt])
        // Ordered by kind within a step, then by time.
        #expect(result.findings.map(\.kind) == [.truncatedClip, .truncatedClip, .unverifiedClip])
        #expect(result.findings.map { $0.evidence.clips.map(\.clipID) } == [["t"], ["c"], ["u"]])
        #expect(result.findings.allSatisfy { $0.severity == .warning && $0.stepID == "S1" })
        #expect(result.findings[0].explanation.en.contains("truncated"))
        #expect(result.findings[1].explanation.en.contains("damaged"))
    }

    @Test func aDeviceWhoseClockWasNeverRead() throws {
        let result = try F.check([step], clips: [F.video("a", from: "09:31:00", seconds: 600), F.video("b", from: "09:50:00", seconds: 600)],
                                 clocks: [])
        #expect(result.findings.map(\.kind) == [.noClockReading])
        #expect(result.findings[0].evidence.clips.map(\.clipID) == ["a", "b"])
        #expect(result.steps[0].clips.allSatisfy { $0.clock == .noClockReading && $0.start.uncertainty == nil })
        #expect(result.findings[0].explanation.zh.contains("从未被读取"))
    }

    /// The clock fell back to 2000-01-01 on a flat battery; the dock read and set it at 18:00. The clip
    /// recorded in between is placed by that reading, flagged, and its coverage findings are warnings.
    @Test func clipsInAResetSpanAreNeverSilentlyTrusted() throws {
        let clocks = [
            F.dock(at: F.at("08:00:00", day: 1), offset: 0),
            ClockObservation(device: "A001", deviceTime: F.local("2000-01-01 10:00:00"), gatewayTime: F.at("18:00:00"), source: .dock, clockSet: true),
        ]
        // Device time 2000-01-01 01:31:00 = 09:31:00 true time if the clock ran on from the reset.
        let clip = F.video("r", start: F.local("2000-01-01 01:31:00"), duration: 2640, sequence: 7)
        let full = F.step("S1", from: "09:30:00", to: "10:15:00", fullProcess: true)
        let result = try F.check([full], clips: [clip], clocks: clocks)
        #expect(result.steps[0].clips.map(\.clipID) == ["r"])
        #expect(result.steps[0].clips[0].clock == .resetSpan)
        #expect(result.steps[0].clips[0].start.instant == F.at("09:31:00"))
        #expect(result.findings.map(\.kind) == [.lateStart, .clockReset])
        #expect(result.findings.map(\.severity) == [.warning, .warning])
        let reset = result.findings[1]
        #expect(reset.evidence.resets.map(\.reason) == [.defaultDate])
        #expect(reset.evidence.resets.first?.revealedDeviceTime == F.local("2000-01-01 10:00:00"))
        #expect(reset.explanation.en.contains("cannot be corrected reliably"))
        #expect(reset.explanation.zh.contains("默认日期"))
    }
}
