import DeviceKit
import Compliance
import Evidence
import Foundation
import Testing
import TestSupport

/// Hand-made days with known answers, offloaded through `recgate offload` and checked with
/// `recgate case check`. Every clock is read at the dock at 08:00 and 18:00.
///
/// - U001234 (officer 310045) writes creation_time in UTC, as ISO BMFF says; L002345 (officer 310046)
///   writes its local digits marked as UTC. Case CLEAN: each covers a whole-process step with two
///   back-to-back clips: no finding at all.
/// - Case SKEW-L and SKEW-U: one more clip of each whose creation_time is 7 minutes off its name and
///   file time: exactly one `time_disagreement` each.
/// - R004567 (officer 310047): battery out at noon, the clock restarted at 2000-01-01 00:00 at 12:30 and
///   read 2000-01-01 05:30 at 18:00. #1–#2 (09:00) cover the morning step, #3–#4 (named 2000-01-01 00:30)
///   the afternoon's. Case RESET: the morning placed by the 08:00 reading with no finding, the afternoon by
///   the 18:00 reading with a `clock_reset` kept as information.
final class TimeTruthScenario: Sendable {
    let folder: URL
    let recgate: Recgate
    let catalogURL: URL

    static let shared = Result { try TimeTruthScenario() }
    static func get() throws -> TimeTruthScenario { try shared.get() }

    static let devices = [
        RecorderFolder(serial: "U001234", clips: [
            .init(sequence: 1, start: nov3("09:29:50"), seconds: 100),
            .init(sequence: 2, start: nov3("09:31:30"), seconds: 100),
            .init(sequence: 3, start: nov3("11:29:50"), seconds: 100, creationSkew: 420),
        ], creationTime: .utc),
        RecorderFolder(serial: "L002345", clips: [
            .init(sequence: 1, start: nov3("10:29:50"), seconds: 100),
            .init(sequence: 2, start: nov3("10:31:30"), seconds: 100),
            .init(sequence: 3, start: nov3("11:59:50"), seconds: 100, creationSkew: -420),
        ], creationTime: .localDigits),
        RecorderFolder(serial: "R004567", clips: [
            .init(sequence: 1, start: nov3("09:00:00"), seconds: 100),
            .init(sequence: 2, start: nov3("09:01:40"), seconds: 100),
            .init(sequence: 3, start: jan1st2000("00:30:00"), seconds: 100),
            .init(sequence: 4, start: jan1st2000("00:31:40"), seconds: 100),
        ], creationTime: .localDigits),
    ]

    static func step(_ id: String, _ from: String, _ to: String, _ officer: String) -> String {
        """
        {"id": "\(id)", "type": "on_site_inspection", "start": "2026-11-03T\(from)+08:00", "end": "2026-11-03T\(to)+08:00",
         "officers": ["\(officer)"], "full_process": true}
        """
    }

    static let caseFile = """
        [{"case_id": "CLEAN", "steps": [\(step("S1", "09:30:00", "09:33:00", "310045")), \(step("S2", "10:30:00", "10:33:00", "310046"))]},
         {"case_id": "SKEW-U", "steps": [\(step("S1", "11:30:00", "11:31:20", "310045"))]},
         {"case_id": "SKEW-L", "steps": [\(step("S1", "12:00:00", "12:01:20", "310046"))]},
         {"case_id": "RESET", "steps": [\(step("M", "09:00:30", "09:03:00", "310047")), \(step("A", "13:00:30", "13:03:00", "310047"))]}]
        """

    static let custodyFile = """
        [{"officer": "310045", "device": "U001234", "from": "2026-11-03T07:00:00+08:00", "to": null},
         {"officer": "310046", "device": "L002345", "from": "2026-11-03T07:00:00+08:00", "to": null},
         {"officer": "310047", "device": "R004567", "from": "2026-11-03T07:00:00+08:00", "to": null}]
        """

    static let clockFile = """
        [{"device": "U001234", "device_time": "2026-11-03T08:00:00", "gateway_time": "2026-11-03T08:00:00+08:00", "source": "dock"},
         {"device": "U001234", "device_time": "2026-11-03T18:00:00", "gateway_time": "2026-11-03T18:00:00+08:00", "source": "dock"},
         {"device": "L002345", "device_time": "2026-11-03T08:00:00", "gateway_time": "2026-11-03T08:00:00+08:00", "source": "dock"},
         {"device": "L002345", "device_time": "2026-11-03T18:00:00", "gateway_time": "2026-11-03T18:00:00+08:00", "source": "dock"},
         {"device": "R004567", "device_time": "2026-11-03T08:00:00", "gateway_time": "2026-11-03T08:00:00+08:00", "source": "dock"},
         {"device": "R004567", "device_time": "2000-01-01T05:30:00", "gateway_time": "2026-11-03T18:00:00+08:00", "source": "dock"}]
        """

    private init() throws {
        folder = try PackageRoot.fixtures().appendingPathComponent("time-truth-scenario")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        recgate = Recgate(home: folder.appendingPathComponent("home"))
        catalogURL = recgate.home.appendingPathComponent("catalog.sqlite")
        for device in Self.devices {
            let volume = folder.appendingPathComponent("volume-\(device.serial)")
            try device.write(into: volume)
            let report = try recgate.object(["offload", "--volume", volume.path])
            let clips = try #require(report["clips"] as? [[String: Any]])
            #expect(clips.count == device.clips.count && clips.allSatisfy { $0["status"] as? String == "stored" }, "\(clips)")
        }
        try recgate.expect(0, ["case", "import", try write(Self.caseFile, to: "case.json", in: folder).path])
        try recgate.expect(0, ["custody", "import", try write(Self.custodyFile, to: "custody.json", in: folder).path])
        try recgate.expect(0, ["clock", "import", try write(Self.clockFile, to: "clock.json", in: folder).path])
    }

    func check(_ caseID: String, status: Int32 = 0) throws -> CaseCheck {
        try recgate.json(CaseCheck.self, status: status, ["case", "check", caseID])
    }
}

@Suite("times read the way each device writes them; clips placed across a reset")
struct TimeTruthTests {
    static func cst(_ time: String) -> Date {
        guard case .success(let date) = RFC3339.parse("2026-11-03T\(time)+08:00") else { fatalError(time) }
        return date
    }

    @Test func eachDevicesHabitIsLearntFromItsClips() throws {
        let s = try TimeTruthScenario.get()
        let catalog = try Catalog(path: s.catalogURL)
        // The skewed clip supports neither reading; the others each support their device's.
        let u = try #require(try catalog.timeHabit(deviceSerial: "U001234"))
        #expect(u.containerReading == .utc && u.utcClips == 2 && u.localDigitClips == 0)
        let l = try #require(try catalog.timeHabit(deviceSerial: "L002345"))
        #expect(l.containerReading == .localDigits && l.localDigitClips == 2 && l.utcClips == 0)
        let r = try #require(try catalog.timeHabit(deviceSerial: "R004567"))
        #expect(r.containerReading == .localDigits && r.localDigitClips == 4)
    }

    @Test func aCleanDayHasNoFindingAtAll() throws {
        let s = try TimeTruthScenario.get()
        let check = try s.check("CLEAN")
        #expect(check.findings.map { "\($0.kind.rawValue) \($0.stepID ?? "-")" } == [])
        for step in check.steps {
            #expect(step.coverage?.fraction == 1, "\(step.stepID)")
            #expect(step.clips.count == 2, "\(step.stepID)")
            for clip in step.clips {
                // Corrected by both readings of the day, with a finite uncertainty.
                #expect(clip.start.anchoredBy.map(\.wrappedValue) == [Self.cst("08:00:00"), Self.cst("18:00:00")])
                #expect(clip.start.uncertainty != nil)
            }
        }
    }

    @Test func sevenMinutesOffIsExactlyOneDisagreement() throws {
        let s = try TimeTruthScenario.get()
        for caseID in ["SKEW-U", "SKEW-L"] {
            let check = try s.check(caseID)
            #expect(check.findings.map { "\($0.kind.rawValue) \($0.stepID ?? "-")" } == ["time_disagreement S1"], "\(caseID)")
            let finding = try #require(check.findings.first)
            let container = try #require(finding.evidence.sources.first { $0.source == "container" })
            // Off by 7 minutes under the device's own reading (the other reading would be 8 h off).
            #expect(abs(abs(container.difference) - 420) <= 1, "\(caseID): \(finding.evidence.sources)")
            // The name wins; the clip still covers the step.
            #expect(check.steps[0].coverage?.fraction == 1)
        }
    }

    @Test func aResetAtNoonSplitsTheDayByTheRecordingsOrder() throws {
        let s = try TimeTruthScenario.get()
        let check = try s.check("RESET")
        // Only the afternoon keeps the reset, as information.
        #expect(check.findings.map { "\($0.kind.rawValue) \($0.severity.rawValue) \($0.stepID ?? "-")" } == ["clock_reset info A"])
        let step = Dictionary(uniqueKeysWithValues: check.steps.map { ($0.stepID, $0) })

        let morning = try #require(step["M"])
        #expect(morning.clips.map { $0.sequence } == [1, 2])
        #expect(morning.coverage?.fraction == 1)
        for clip in morning.clips {
            // Placed with the 08:00 reading alone, one-sided: 1 s + 2 s/day over an hour or so, + the name's 1 s.
            #expect(clip.clock == .extrapolated)
            #expect(clip.start.anchoredBy.map(\.wrappedValue) == [Self.cst("08:00:00")])
            let uncertainty = try #require(clip.start.uncertainty)
            #expect(uncertainty > 2 && uncertainty < 2.2)
        }
        #expect(morning.clips[0].start.instant == Self.cst("09:00:00"))

        let afternoon = try #require(step["A"])
        #expect(afternoon.clips.map { $0.sequence } == [3, 4])
        #expect(afternoon.coverage?.fraction == 1)
        let first = try #require(afternoon.clips.first)
        // 2000-01-01 00:30:00 on a clock that showed 05:30:00 at 18:00: 13:00:00.
        #expect(first.start.deviceTime == "2000-01-01T00:30:00")
        #expect(first.start.instant == Self.cst("13:00:00"))
        #expect(first.start.anchoredBy.map(\.wrappedValue) == [Self.cst("18:00:00")])
        let uncertainty = try #require(first.start.uncertainty)
        #expect(uncertainty > 2 && uncertainty < 2.5)

        let reset = try #require(check.findings.first)
        #expect(reset.evidence.resets.map(\.reason) == [.defaultDate])
        #expect(reset.evidence.clips.map(\.sequence) == [3, 4])
        #expect(reset.explanation.en.contains("2000-01-01") && reset.explanation.en.contains("18:00:00"))
    }
}
