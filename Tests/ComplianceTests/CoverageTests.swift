import Compliance
import Foundation
import Testing

/// Full-process steps: coverage, gaps, late starts and early ends; segments, buffers, officers, midnight.
@Suite struct CoverageTests {
    typealias F = Fixtures

    @Test func aFullyCoveredStepHasNoFindings() throws {
        let result = try F.check([F.step("S1", from: "09:30:00", to: "10:15:00", fullProcess: true)],
                                 clips: [F.video("v1", from: "09:29:30", seconds: 2760)])
        #expect(result.findings.isEmpty)
        let step = try #require(result.steps.first)
        #expect(step.fullProcess)
        #expect(step.clips.map(\.clipID) == ["v1"])
        #expect(step.clips[0].matchedBy == ["custody:310045"])
        #expect(step.clips[0].clock == .interpolated)
        // Good clock read at 07:00 and 20:00: 1 s resolution, 2 s/day × 2 h 29 min 30 s of possible
        // bend (the nearer reading), 1 s for the name.
        #expect(abs(step.clips[0].start.uncertainty! - (2 + 2 * 8970.0 / 86_400)) < 1e-9)
        #expect(step.coverage == Coverage(coveredSeconds: 2700, fraction: 1, uncovered: []))
    }

    @Test func lateStartAndEarlyEnd() throws {
        let result = try F.check([F.step("S1", from: "09:30:00", to: "10:15:00", fullProcess: true)],
                                 clips: [F.video("v1", from: "09:31:00", seconds: 2580)])
        #expect(result.findings.map(\.kind) == [.lateStart, .earlyEnd])
        let late = result.findings[0], early = result.findings[1]
        #expect(late.severity == .error)
        #expect(late.article == "11(2)")
        #expect(late.stepID == "S1")
        #expect(late.evidence.intervals == [TimeSpan(start: F.at("09:30:00"), end: F.at("09:31:00"))])
        #expect(late.evidence.clips.map(\.clipID) == ["v1"])
        #expect(late.explanation.zh.contains("开头 60 秒未录"))
        #expect(late.explanation.en.contains("the first 60 s are not recorded"))
        #expect(early.evidence.intervals == [TimeSpan(start: F.at("10:14:00"), end: F.at("10:15:00"))])
        #expect(result.steps[0].coverage?.coveredSeconds == 2580)
    }

    /// Only a gap longer than the tolerance plus the uncertainty of the time bounding it is a finding.
    @Test func toleranceAndUncertaintyDecideLateness() throws {
        let step = F.step("S1", from: "09:30:00", to: "10:15:00", fullProcess: true)
        // 25 s late: inside 30 s tolerance.
        #expect(try F.check([step], clips: [F.video("v1", from: "09:30:25", seconds: 2700)]).findings.isEmpty)
        // 45 s late with a dock-read clock (±2.2 s): late.
        let clip = F.video("v1", from: "09:30:45", seconds: 2700)
        #expect(try F.check([step], clips: [clip]).findings.map(\.kind) == [.lateStart])
        // The same clip when the clock was only read by a person (±30 s each): not provably late.
        let byHand = [F.dock(at: F.at("07:00:00"), offset: 0, source: .manual), F.dock(at: F.at("20:00:00"), offset: 0, source: .manual)]
        #expect(try F.check([step], clips: [clip], clocks: byHand).findings.isEmpty)
        // A tighter tolerance makes 25 s late.
        var strict = CheckPolicy()
        strict.coverageTolerance = 10
        #expect(try F.check([step], clips: [F.video("v1", from: "09:30:25", seconds: 2700)], policy: strict).findings.map(\.kind) == [.lateStart])
    }

    @Test func coverageGapsAreEachListed() throws {
        let clips = [
            F.video("v1", from: "09:29:00", seconds: 1260), // to 09:50:00
            F.video("v2", from: "09:52:00", seconds: 480), // to 10:00:00
            F.video("v3", from: "10:00:01", seconds: 299), // 1 s later: the same recording, to 10:05:00
            F.video("v4", from: "10:05:20", seconds: 640), // 20 s later: a gap within tolerance, to 10:16:00
            F.video("v5", from: "10:30:00", seconds: 60, sequence: nil),
        ]
        let result = try F.check([F.step("S1", from: "09:30:00", to: "10:15:00", fullProcess: true)], clips: clips)
        let coverage = try #require(result.steps[0].coverage)
        #expect(coverage.uncovered == [TimeSpan(start: F.at("09:50:00"), end: F.at("09:52:00")),
                                       TimeSpan(start: F.at("10:05:00"), end: F.at("10:05:20"))])
        #expect(coverage.coveredSeconds == 2560)
        #expect(abs(coverage.fraction - 2560.0 / 2700) < 1e-12)
        let gaps = result.findings(.coverageGap)
        #expect(gaps.count == 1)
        #expect(gaps[0].severity == .error)
        #expect(gaps[0].evidence.intervals == [TimeSpan(start: F.at("09:50:00"), end: F.at("09:52:00"))])
        #expect(gaps[0].evidence.clips.map(\.clipID) == ["v1", "v2"])
        #expect(gaps[0].explanation.zh.contains("09:50:00–2026-11-03 09:52:00（120 秒）"))
        // The 10:30 clip is near the step but matches none of it.
        #expect(result.findings(.unmatchedClip).map { $0.evidence.clips[0].clipID } == ["v5"])
        #expect(result.findings.count == 2)
    }

    @Test func backToBackSegmentsAreOneRecording() throws {
        let step = F.step("S1", from: "09:30:00", to: "09:40:00", fullProcess: true)
        // 2 s between segments: within segment gap (2 s) + both readings' resolution (1 s each).
        let joined = try F.check([step], clips: [F.video("a", from: "09:29:00", seconds: 300), F.video("b", from: "09:34:02", seconds: 400)])
        #expect(joined.steps[0].coverage?.uncovered == [])
        #expect(joined.steps[0].coverage?.coveredSeconds == 600)
        // 5 s apart: two recordings, the 5 s uncovered (but shorter than the tolerance).
        let apart = try F.check([step], clips: [F.video("a", from: "09:29:00", seconds: 300), F.video("b", from: "09:34:05", seconds: 400)])
        #expect(apart.steps[0].coverage?.uncovered == [TimeSpan(start: F.at("09:34:00"), end: F.at("09:34:05"))])
        #expect(apart.findings.isEmpty)
    }

    /// The file name carries the press of the button; the pre-event buffer put the first frame 25 s
    /// earlier. The clip covers from its first frame, and the sources agree.
    @Test func preEventBufferIsPartOfTheClip() throws {
        let clip = ClipFacts(id: "p", device: "A001", nameStart: F.reading(F.at("09:30:00")), containerStart: F.reading(F.at("09:30:00")),
                             fileTime: F.reading(F.at("10:16:00")), duration: 2785)
        let step = F.step("S1", from: "09:29:50", to: "10:15:00", fullProcess: true)
        let result = try F.check([step], clips: [clip])
        #expect(result.findings.isEmpty)
        let matched = try #require(result.steps[0].clips.first)
        #expect(matched.start.instant == F.at("09:29:35"))
        #expect(matched.start.source == "file_system")
        #expect(matched.start.readingUncertainty == 2)
        // A device configured without a buffer: the 25 s are a disagreement between the sources.
        var noBuffer = CheckPolicy()
        noBuffer.preEventBufferByDevice["A001"] = 0
        let strict = try F.check([step], clips: [clip], policy: noBuffer)
        #expect(strict.findings.map(\.kind) == [.timeDisagreement])
        #expect(strict.steps[0].clips[0].start.instant == F.at("09:30:00"))
        #expect(strict.findings(.timeDisagreement)[0].evidence.sources.map(\.source) == ["file_name", "container", "file_system"])
        #expect(strict.findings(.timeDisagreement)[0].evidence.sources.map(\.difference) == [0, 0, -25])
        // The profile's buffer, carried by the clip, comes before the policy's.
        var profiled = clip
        profiled.preEventBuffer = 15
        #expect(try F.check([step], clips: [profiled]).findings.map(\.kind) == [.timeDisagreement])
        profiled.preEventBuffer = 120
        #expect(try F.check([step], clips: [profiled], policy: noBuffer).findings.isEmpty)
    }

    /// The rule asks that the process be recorded, not that each officer record it: two officers'
    /// recorders together cover the step.
    @Test func severalOfficersCoverTogether() throws {
        let step = F.step("S1", from: "09:30:00", to: "10:15:00", officers: ["310045", "310046"], fullProcess: true)
        let custody = [F.custody("310045", "A001"), F.custody("310046", "B002")]
        let clips = [F.video("a", device: "A001", from: "09:29:00", seconds: 1260), F.video("b", device: "B002", from: "09:49:00", seconds: 1620)]
        let both = try F.check([step], clips: clips, custody: custody)
        #expect(both.findings.isEmpty)
        #expect(both.steps[0].coverage?.fraction == 1)
        #expect(both.steps[0].clips.map(\.matchedBy) == [["custody:310045"], ["custody:310046"]])
        let one = try F.check([step], clips: [clips[0]], custody: custody)
        #expect(one.findings.map(\.kind) == [.earlyEnd])
        #expect(one.findings[0].evidence.intervals == [TimeSpan(start: F.at("09:50:00"), end: F.at("10:15:00"))])
    }

    @Test func aClipAcrossMidnight() throws {
        let step = CaseStep(id: "N", type: "evidence_preservation", start: F.t("2026-11-03T23:50:00+08:00"),
                            end: F.t("2026-11-04T00:20:00+08:00"), officers: ["310045"], fullProcess: true)
        let clip = F.video("m", start: F.local("2026-11-03 23:49:00"), duration: 1860)
        let clocks = [F.dock(at: F.at("20:00:00"), offset: 0), F.dock(at: F.at("08:00:00", day: 4), offset: 0)]
        let result = try F.check([step], clips: [clip], clocks: clocks)
        #expect(result.findings.isEmpty)
        #expect(result.steps[0].coverage?.coveredSeconds == 1800)
        #expect(result.steps[0].clips[0].end.deviceTime == "2026-11-04T00:20:00")
        #expect(result.steps[0].clips[0].end.instant == F.t("2026-11-04T00:20:00+08:00"))
    }

    /// Lien service always needs the whole process (Art 25), whatever the case file says.
    @Test func theCatalogueCanDemandTheWholeProcess() throws {
        let step = F.step("L", "service_lien", from: "14:00:00", to: "14:20:00", fullProcess: false)
        let result = try F.check([step], clips: [F.video("v", from: "14:05:00", seconds: 900)])
        #expect(result.steps[0].fullProcess)
        #expect(result.findings.map(\.kind) == [.lateStart])
        #expect(result.findings[0].article == "25")
        // An inspection the case file does not mark: a part recorded is enough (Art 11(1)).
        let partial = try F.check([F.step("I", from: "14:00:00", to: "14:20:00")], clips: [F.video("v", from: "14:05:00", seconds: 300)])
        #expect(partial.findings.isEmpty)
        #expect(partial.steps[0].coverage?.coveredSeconds == 300)
    }
}
