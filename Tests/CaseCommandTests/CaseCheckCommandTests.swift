import DeviceKit
import Compliance
import Foundation
import Testing
import TestSupport

@Suite("recgate case check on offloaded recorders")
struct CaseCheckCommandTests {
    /// 2026-11-03 at `hh:mm:ss` China Standard Time.
    static func cst(_ time: String) -> Date {
        guard case .success(let date) = RFC3339.parse("2026-11-03T\(time)+08:00") else { fatalError(time) }
        return date
    }

    @Test func findingsAreExactlyTheOnesTheRecordingsCall() throws {
        let s = try CheckScenario.get()
        let check = try s.recgate.json(CaseCheck.self, status: 1, ["case", "check", CheckScenario.caseID])
        #expect(check.caseID == CheckScenario.caseID)
        #expect(check.steps.map(\.stepID) == ["S1", "S2", "S3", "S4", "S5", "S6"])
        #expect(check.findings.map { "\($0.kind.rawValue) \($0.stepID ?? "-")" }
                == ["missing_recording S2", "clock_reset S4", "coverage_gap S5", "late_start S5"])
        let step = Dictionary(uniqueKeysWithValues: check.steps.map { ($0.stepID, $0) })

        // S1: covered from start to end by A#1, no finding.
        let s1 = try #require(step["S1"])
        #expect(s1.fullProcess && s1.clips.map(\.clipID) == [s.id("A001234", 1)])
        #expect(s1.coverage?.fraction == 1 && s1.coverage?.uncovered == [])
        #expect(s1.clips[0].matchedBy == ["custody:310045"])

        // S2: nothing recorded; the device its officer carried was looked at.
        #expect(step["S2"]?.clips == [])
        let missing = try #require(check.findings(.missingRecording).first)
        #expect(missing.severity == .error && missing.article == "11(1)" && missing.evidence.devices == ["A001234"])

        // S3: B's clip is stamped 10:10:00 on a clock 600 s fast; corrected to 10:00:00 it is inside the step
        // (uncorrected it would lie beyond the step's end and its 120 s margin).
        let b = try #require(step["S3"]?.clips.first)
        #expect(step["S3"]?.clips.map(\.clipID) == [s.id("B002345", 1)])
        #expect(b.start.deviceTime == "2026-11-03T10:10:00")
        #expect(abs(b.start.offset - 600) < 0.001)
        #expect(b.start.instant == Self.cst("10:00:00"))
        #expect(b.clock == .interpolated)
        #expect(try #require(b.start.uncertainty) < 3)

        // S4: C's clip lies where its clock went back (seen by the hand-typed reading): a guessed time.
        #expect(step["S4"]?.clips.map(\.clipID) == [s.id("C003456", 1)])
        #expect(step["S4"]?.clips.first?.clock == .resetSpan)
        let reset = try #require(check.findings(.clockReset).first)
        #expect(reset.severity == .warning)
        #expect(reset.evidence.clips.map(\.clipID) == [s.id("C003456", 1)])
        #expect(reset.evidence.resets.map(\.reason) == [.wentBack])
        #expect(reset.evidence.resets.first?.revealedAt == Self.cst("18:00:00"))

        // S5: A#2 starts 50 s after the step, 60 s pass between A#2 and A#3.
        let s5 = try #require(step["S5"])
        #expect(s5.clips.map(\.clipID) == [s.id("A001234", 2), s.id("A001234", 3)])
        let late = try #require(check.findings(.lateStart).first)
        #expect(late.severity == .error && late.article == "11(2)")
        #expect(late.evidence.intervals.count == 1)
        #expect(late.evidence.intervals.first?.start == Self.cst("10:30:00"))
        #expect(abs((late.evidence.intervals.first?.seconds ?? 0) - 50) < 1)
        let gap = try #require(check.findings(.coverageGap).first)
        #expect(gap.evidence.intervals.count == 1)
        let hole = try #require(gap.evidence.intervals.first)
        #expect(abs(hole.start.timeIntervalSince(Self.cst("10:31:30"))) < 1)
        #expect(hole.end == Self.cst("10:32:30"))
        #expect(abs(s5.coverage!.coveredSeconds - 70) < 1)

        // S6: documents only.
        #expect(step["S6"]?.coverage == nil && step["S6"]?.recording == .documents)
    }

    @Test func textForTheLegalOffice() throws {
        let s = try CheckScenario.get()
        let result = try s.recgate.expect(1, ["case", "check", CheckScenario.caseID])
        let text = result.stdout
        #expect(text.contains("case CZ-T-0001  现场检查与证据保全  (一中队)  revision 1"))
        #expect(text.contains("  S1  现场检查 on_site_inspection  2026-11-03 09:30:00–09:31:00  whole process 全过程  officers 310045"))
        #expect(text.contains("covered 100% (60 s of 60 s), 1 clip"))
        #expect(text.contains("      no recording matched 未找到录像"))
        #expect(text.contains("clip \(s.id("B002345", 1))  B002345 #1  video  2026-11-03 10:00:00–10:00:20"))
        #expect(text.contains("clock offset +600.0 s removed"))
        #expect(text.contains("findings 问题: 3 error(s) 错误, 1 warning(s) 警告, 0 info 提示"))
        #expect(text.contains("[ERROR 错误] missing_recording 未找到录像  step S2  第十一条第（一）项 (Art 11(1))"))
        #expect(text.contains("[WARNING 警告] clock_reset 设备时钟被重置  step S4"))
        #expect(text.contains("[ERROR 错误] late_start 开始录制过晚  step S5  第十一条第（二）项 (Art 11(2))"))
        // Each finding's explanation, in both languages.
        #expect(text.contains("应当进行音像记录") && text.contains("must be recorded audio-visually"))
    }

    @Test func exitStatusesSayWhatTheCheckFound() throws {
        let s = try CheckScenario.get()
        let unknown = try s.recgate.expect(2, ["case", "check", "CZ-NONE"])
        #expect(unknown.stderr.contains("unknown case CZ-NONE"))
        // A margin of 0 changes nothing here (every clip lies inside its step), and is taken.
        #expect(try s.recgate.json(CaseCheck.self, status: 1, ["case", "check", CheckScenario.caseID, "--margin", "0"])
            .findings.count == 4)
        // A home with no catalog knows no case.
        let empty = try TempDirectory(prefix: "recgate-empty")
        #expect(try Recgate(home: empty.path("none")).run(["case", "check", "X"]).status == 2)
        #expect(!FileManager.default.fileExists(atPath: empty.path("none").path), "checking creates no home")
    }

    @Test func theHomesConfigurationSetsTheTolerances() throws {
        let s = try CheckScenario.get()
        let folder = try TempDirectory(prefix: "recgate-config")
        let home = folder.path("home")
        try FileManager.default.copyItem(at: s.recgate.home, to: home)
        let recgate = Recgate(home: home)
        // S5's 50 s late start and 60 s gap are within a 70 s tolerance.
        _ = try write("{\"coverage_tolerance\": 70}", to: "recgate.json", in: home)
        let tolerant = try recgate.json(CaseCheck.self, status: 1, ["case", "check", CheckScenario.caseID])
        #expect(tolerant.findings.map { "\($0.kind.rawValue) \($0.stepID ?? "-")" } == ["missing_recording S2", "clock_reset S4"])
        // With no margin at all, B's clip (corrected to 10:00:00–10:00:20) still lies inside S3.
        _ = try write("{\"match_margin\": 0}", to: "recgate.json", in: home)
        #expect(try recgate.json(CaseCheck.self, status: 1, ["case", "check", CheckScenario.caseID]).steps[2].clips.count == 1)
        _ = try write("{\"match_margin\": -5}", to: "recgate.json", in: home)
        let broken = try recgate.expect(3, ["case", "check", CheckScenario.caseID])
        #expect(broken.stderr.contains("match_margin"))
    }

    @Test func clockShowListsOffsetsDriftAndTheReset() throws {
        let s = try CheckScenario.get()
        #expect(s.recordOutput.contains("recorded: C003456 showed 2026-11-03T06:00:00 at 2026-11-03 18:00:00 (Asia/Shanghai); offset -43200 s"))
        #expect(s.recordOutput.contains("reset (went_back)"))

        let c = try s.recgate.object(["clock", "show", "--device", "C003456"])
        let readings = try #require(c["readings"] as? [[String: Any]])
        #expect(readings.map { $0["gateway_time"] as? String } == ["2026-11-03T08:00:00+08:00", "2026-11-03T18:00:00+08:00"])
        #expect(readings.map { $0["source"] as? String } == ["import", "manual"])
        #expect(readings.map { $0["offset"] as? Double } == [0, -43_200])
        #expect(readings[1]["reset"] as? String == "went_back")
        #expect(readings[1]["note"] as? String == "keeper at bay 3")
        #expect((c["resets"] as? [[String: Any]])?.map { $0["reason"] as? String } == ["went_back"])

        let b = try s.recgate.object(["clock", "show", "--device", "B002345"])
        let drift = try #require(b["readings"] as? [[String: Any]])
        #expect(drift.map { $0["offset"] as? Double } == [590, 610])
        #expect(drift.map { $0["drift_per_day"] as? Double } == [nil, 10])
        #expect((b["resets"] as? [Any])?.isEmpty == true)

        let text = try s.recgate.expect(0, ["clock", "show", "--device", "B002345"]).stdout
        #expect(text.contains("2026-11-04 10:00:00  device 2026-11-04 10:10:10  offset +610 s  drift +10.0 s/day  dock"))
    }
}
