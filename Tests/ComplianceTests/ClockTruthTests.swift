import Compliance
import DeviceKit
import Foundation
import Testing

/// The creation_time read the way its device writes it, and clips placed across a reset by their
/// sequence numbers, on in-memory data.
@Suite struct ClockTruthTests {
    typealias F = Fixtures
    static let utc = TimeZone(identifier: "UTC")!

    /// A clip as a recorder writing true UTC into creation_time makes it.
    static func utcWriter(_ id: String, from clock: String, seconds: Double, reading: CreationTimeReading, skew: Double = 0) -> ClipFacts {
        var clip = F.video(id, from: clock, seconds: seconds)
        clip.containerStart = LocalTimestamp(F.at(clock).addingTimeInterval(skew), in: utc)
        clip.containerReading = reading
        return clip
    }

    @Test func theLearntOrUnknownReadingAgreesAndTheWrongOneDoesNot() throws {
        let step = F.step("S1", from: "09:30:00", to: "09:31:00", fullProcess: true)
        for reading in [CreationTimeReading.utc, .unknown] {
            let clean = try F.check([step], clips: [Self.utcWriter("v1", from: "09:29:50", seconds: 80, reading: reading)])
            #expect(clean.findings == [], "\(reading)")
            // Seven minutes off: neither reading explains it.
            let off = try F.check([step], clips: [Self.utcWriter("v1", from: "09:29:50", seconds: 80, reading: reading, skew: 420)])
            #expect(off.findings.map(\.kind) == [.timeDisagreement], "\(reading)")
            #expect(off.findings.first?.evidence.sources.map(\.source).contains("container") == true)
        }
        // A device that has shown local digits all along and now writes UTC: the learnt reading is used.
        let contrary = try F.check([step], clips: [Self.utcWriter("v1", from: "09:29:50", seconds: 80, reading: .localDigits)])
        #expect(contrary.findings.map(\.kind) == [.timeDisagreement])
    }

    /// Battery out at noon: the clock restarts at 2000-01-01 00:00 at 12:30 and reads 05:30 at 18:00.
    static let resetReadings = [
        F.dock(at: F.at("08:00:00"), offset: 0),
        ClockObservation(device: "A001", deviceTime: F.local("2000-01-01 05:30:00"), gatewayTime: F.at("18:00:00"), source: .dock, clockSet: false),
    ]

    static func resetDay(numbered: Bool) -> [ClipFacts] {
        [
            F.video("m1", start: F.local("2026-11-03 09:00:00"), duration: 100, sequence: numbered ? 1 : nil),
            F.video("m2", start: F.local("2026-11-03 09:01:40"), duration: 100, sequence: numbered ? 2 : nil),
            F.video("a1", start: F.local("2000-01-01 00:30:00"), duration: 100, sequence: numbered ? 3 : nil),
        ]
    }

    static let resetSteps = [
        F.step("M", from: "09:00:30", to: "09:03:00", fullProcess: true),
        F.step("A", from: "13:00:30", to: "13:01:30", fullProcess: true),
    ]

    @Test func sequenceNumbersPlaceEachSideOfAReset() throws {
        let result = try F.check(Self.resetSteps, clips: Self.resetDay(numbered: true), clocks: Self.resetReadings)
        #expect(result.findings.map { "\($0.kind.rawValue) \($0.severity.rawValue) \($0.stepID ?? "-")" } == ["clock_reset info A"])
        let morning = result.steps[0].clips
        #expect(morning.map(\.clipID) == ["m1", "m2"] && morning.allSatisfy { $0.clock == .extrapolated && $0.start.uncertainty != nil })
        #expect(morning[0].start.anchoredBy.map(\.wrappedValue) == [F.at("08:00:00")])
        let afternoon = try #require(result.steps[1].clips.first)
        #expect(afternoon.start.instant == F.at("13:00:00") && afternoon.start.uncertainty != nil)
        #expect(afternoon.start.anchoredBy.map(\.wrappedValue) == [F.at("18:00:00")])
    }

    @Test func withoutSequenceNumbersTheResetSpanStaysUnknown() throws {
        let result = try F.check(Self.resetSteps, clips: Self.resetDay(numbered: false), clocks: Self.resetReadings)
        let morning = result.steps[0].clips
        #expect(morning.map(\.clipID) == ["m1", "m2"])
        #expect(morning.allSatisfy { $0.clock == .resetSpan && $0.start.uncertainty == nil })
        let resets = result.findings.filter { $0.kind == .clockReset }
        #expect(resets.map { "\($0.severity.rawValue) \($0.stepID ?? "-")" } == ["warning M", "warning A"])
    }

    @Test func aSessionWithTwoResetPointsPlacesNothing() throws {
        // The time falls to 2000-01-01 after #1 and goes back again after #2: which point is the reset the
        // readings saw cannot be told, so the morning clip keeps its unknown uncertainty and the warning.
        var clips = Self.resetDay(numbered: true)
        clips[1] = F.video("a0", start: F.local("2000-01-01 00:50:00"), duration: 100, sequence: 2)
        clips[2] = F.video("a1", start: F.local("2000-01-01 00:30:00"), duration: 100, sequence: 3)
        let result = try F.check(Self.resetSteps, clips: clips, clocks: Self.resetReadings)
        let morning = try #require(result.steps[0].clips.first)
        #expect(morning.clipID == "m1" && morning.clock == .resetSpan && morning.start.uncertainty == nil)
        #expect(result.findings.contains { $0.kind == .clockReset && $0.severity == .warning && $0.stepID == "M" })
    }
}
