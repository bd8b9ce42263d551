import Compliance
import ComplianceCatalog
import DeviceKit
import Evidence
import Foundation
import Testing
import TestSupport

/// The adapter between the checker and the catalog, on a real catalog file: clips stored as an offload
/// stores them (`recordVerified` + `recordMedia`), cases, custody and clock readings through the desk.
@Suite("ComplianceCatalog on a catalog file")
struct CaseDeskCatalogTests {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!
    static let serial = "D100001"

    static func cst(_ time: String, day: Int = 3) -> Date {
        nov3(time).instant(in: zone)!.addingTimeInterval(TimeInterval((day - 3) * 86_400))
    }

    /// A catalog with device D100001's clips numbered 1, 2 and 4 in one session, 300 s each from 09:30,
    /// 09:35 and 09:45 on its clock (the file names carry officer 310045, as per-officer recorders do),
    /// #2 probed truncated. The device's clock is read at 09:00 showing 09:00:30 (30 s fast).
    struct Fixture {
        let folder: TempDirectory
        let catalog: Catalog
        let desk: CaseDesk
        var ids: [Int: String] = [:]
        var sessionID = ""

        init() throws {
            folder = try TempDirectory(prefix: "recgate-desk")
            catalog = try Catalog(path: folder.path("catalog.sqlite"))
            desk = CaseDesk(catalog: catalog, catalogue: try StepCatalogue.builtin(),
                            policy: CheckPolicy(clock: ClockPolicy(zone: CaseDeskCatalogTests.zone)))
            let at = CaseDeskCatalogTests.cst("18:00:00")
            let device = try catalog.upsertDevice(serial: serial, model: "DSJ-TEST", profile: "officer-datetime", at: at)
            let session = try catalog.beginSession(deviceID: device.id, volume: "/media/rec", host: "gw", actor: "dock:1", at: at)
            sessionID = session.id
            for (sequence, start, integrity) in [(1, "09:30:00", "ok"), (2, "09:35:00", "truncated"), (4, "09:45:00", "ok")] {
                let begin = CaseDeskCatalogTests.cst(start)
                let name = "310045_\(RecorderFolder.digits(nov3(start)).replacingOccurrences(of: "_", with: "")).mp4"
                let sha = String(repeating: "0", count: 63) + String(sequence)
                let clip = try catalog.recordVerified(NewClip(
                    sha256: sha, size: 1000, kind: "video", storePath: "/store/\(sha)", deviceID: device.id,
                    sessionID: session.id, sourcePath: "RECORD/\(name)", sourceName: name,
                    fsMtimeRaw: "2026-11-03 " + LocalTimestamp(begin + 300, in: CaseDeskCatalogTests.zone).description.suffix(8),
                    fsMtime: begin + 300, nameStartRaw: String(name.dropFirst(7).prefix(14)), nameStart: begin,
                    timeZone: "Asia/Shanghai", officer: "310045", sequence: sequence), actor: "dock:1", at: at).clip
                _ = try catalog.recordMedia(ClipMediaRow(clipID: clip.id, prober: "recgate-probe/1", probedAt: at, format: "mov,mp4",
                                                         duration: 300, integrity: integrity, creationTime: nil, facts: "{}"),
                                            actor: "dock:1")
                ids[sequence] = clip.id
            }
            try desk.recordClockReadings([ClockObservation(
                device: serial, deviceTime: nov3("09:00:30"), gatewayTime: CaseDeskCatalogTests.cst("09:00:00"), source: .dock)],
                actor: "dock:1")
        }
    }

    @Test func clipFactsComeBackAsTheDeviceWroteThem() throws {
        let f = try Fixture()
        let facts = try CatalogClipSource(catalog: f.catalog).clips(
            devices: [Self.serial], officers: [], overlapping: DateInterval(start: Self.cst("09:36:00"), end: Self.cst("09:37:00")))
        // The catalog's span of a clip holds every reading of it, the file time read as a start too (some
        // recorders stamp the start): #1's 09:35 file time gives it 09:35–09:40, so it is asked about too.
        #expect(facts.map(\.id) == [f.ids[1]!, f.ids[2]!])
        let clip = try #require(facts.first { $0.id == f.ids[2]! })
        #expect(clip.device == Self.serial && clip.officer == "310045" && clip.session == f.sessionID && clip.sequence == 2)
        #expect(clip.nameStart == nov3("09:35:00") && clip.fileTime == nov3("09:40:00") && clip.containerStart == nil)
        #expect(clip.duration == 300 && clip.integrity == .truncated && clip.verified && !clip.locked && clip.kind == .video)

        // By officer (no device named), and by sequence within the session.
        let byOfficer = try CatalogClipSource(catalog: f.catalog).clips(
            devices: [], officers: ["310045"], overlapping: DateInterval(start: Self.cst("09:46:00"), end: Self.cst("09:47:00")))
        #expect(byOfficer.map(\.id) == [f.ids[4]!])
        let bySequence = try CatalogClipSource(catalog: f.catalog).clips(device: Self.serial, session: f.sessionID, sequences: 1...3)
        #expect(bySequence.map(\.sequence) == [1, 2])
    }

    @Test func custodyAndClockReadingsRoundTrip() throws {
        let f = try Fixture()
        let file = try write("""
            [{"officer": "310045", "device": "D100001", "from": "2026-11-03T08:00:00+08:00", "to": "2026-11-03T12:00:00+08:00"},
             {"officer": "310046", "device": "D100001", "from": "2026-11-03T12:00:00+08:00", "to": null}]
            """, to: "custody.json", in: f.folder.url)
        let result = try f.desk.importCustody(from: file, actor: "keeper")
        #expect(result.added == 2)
        let custody = CatalogCustody(catalog: f.catalog)
        let morning = try custody.records(device: Self.serial, overlapping: DateInterval(start: Self.cst("09:00:00"), end: Self.cst("10:00:00")))
        #expect(morning == [CustodyRecord(officer: "310045", device: Self.serial, from: Self.cst("08:00:00"), to: Self.cst("12:00:00"))])
        let later = try custody.records(officers: ["310046"], overlapping: DateInterval(start: Self.cst("09:00:00", day: 5), end: Self.cst("10:00:00", day: 5)))
        #expect(later.map(\.to) == [nil])

        let readings = try CatalogClockReadings(catalog: f.catalog).observations(device: Self.serial)
        #expect(readings == [ClockObservation(device: Self.serial, deviceTime: nov3("09:00:30"), gatewayTime: Self.cst("09:00:00"), source: .dock)])
        let history = try f.desk.clockHistory(device: Self.serial)
        #expect(history.readings.map(\.offset) == [30] && history.resets.isEmpty)
    }

    @Test func aCheckOnTheCatalogCorrectsMatchesAndFindsTheHole() throws {
        let f = try Fixture()
        let record = CaseRecord(caseID: "CZ-D-1", title: "调查", department: "一中队", steps: [
            CaseStep(id: "S1", type: "investigation", start: Self.cst("09:30:00"), end: Self.cst("09:50:00"), officers: ["310045"]),
        ])
        #expect(try f.desk.importCases([record], source: "test", actor: "clerk").map(\.outcome) == [.created])
        #expect(try f.desk.importCases([record], source: "test", actor: "clerk").map(\.outcome) == [.unchanged])
        #expect(try f.desk.record(caseID: "CZ-D-1") == record)

        let check = try #require(try f.desk.check(caseID: "CZ-D-1"))
        let step = try #require(check.steps.first)
        // No custody: the clips are found by the officer their names carry, corrected by the 30 s offset.
        #expect(step.clips.map(\.clipID) == [f.ids[1]!, f.ids[2]!, f.ids[4]!])
        #expect(step.clips.allSatisfy { $0.matchedBy == ["officer"] })
        #expect(step.clips.first?.start.instant == Self.cst("09:29:30"))
        #expect(step.clips.first?.start.offset == 30)
        #expect(check.findings.map { "\($0.kind.rawValue) \($0.stepID ?? "-")" } == ["sequence_gap S1", "truncated_clip S1"])
        #expect(check.findings(.sequenceGap).first?.evidence.sequences == [3])
        #expect(check.findings(.truncatedClip).first?.evidence.clips.map(\.clipID) == [f.ids[2]!])
        #expect(try f.desk.check(caseID: "CZ-NONE") == nil)

        let report = try f.desk.report()
        #expect(report.totals.cases == 1 && report.totals.stepsWithFindings == 1)
        #expect(report.totals.findingsByKind == ["sequence_gap": 1, "truncated_clip": 1])
        #expect(report.officers.map(\.officer) == ["310045"] && report.departments.map(\.department) == ["一中队"])
    }
}
