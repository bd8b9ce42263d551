import Evidence
import Foundation
import Testing
import TestSupport

/// One home with three recorders offloaded through `recgate offload` (generated clips in plain
/// folders), a case imported, custody and clock readings imported, and a reading typed in by hand.
/// Built once and shared by the tests that only read it.
///
/// - A001234 (officer 310045), clock right (a dock reading at 08:00, offset 0): #1 09:29:50 80 s covers
///   the whole-process step S1 (09:30–09:31); nothing near S2 (09:40–09:45, missing); #2 10:30:50 40 s and
///   #3 10:32:30 40 s in the whole-process step S5 (10:30–10:33): starts 50 s late, 60 s gap between.
/// - B002345 (officer 310046), 10 minutes fast and drifting 10 s a day (readings 11-02 10:00 +590 s and
///   11-04 10:00 +610 s): #1 stamped 10:10:00 was recorded at 10:00:00, inside S3 (10:00–10:05) only once
///   corrected.
/// - C003456 (officer 310047): read at 08:00 (offset 0), then a keeper typed in its screen at 18:00 showing
///   06:00 — the clock went back: #1 stamped 11:00:00 falls in the reset span; S4 (10:58–11:10) gets a
///   clock_reset.
final class CheckScenario: Sendable {
    static let caseID = "CZ-T-0001"

    /// `.build/fixtures/case-check-scenario`, made afresh by each test run (a static is never
    /// deinitialized, so a temporary folder would be left behind).
    let folder: URL
    let recgate: Recgate
    /// Clip ids from the catalog, by device serial and sequence number.
    let clipIDs: [String: [Int: String]]
    /// What `clock record` printed.
    let recordOutput: String

    static let shared = Result { try CheckScenario() }

    static func get() throws -> CheckScenario { try shared.get() }

    static let devices = [
        RecorderFolder(serial: "A001234", clips: [
            .init(sequence: 1, start: nov3("09:29:50"), seconds: 80),
            .init(sequence: 2, start: nov3("10:30:50"), seconds: 40),
            .init(sequence: 3, start: nov3("10:32:30"), seconds: 40),
        ]),
        RecorderFolder(serial: "B002345", clips: [.init(sequence: 1, start: nov3("10:10:00"), seconds: 20)]),
        RecorderFolder(serial: "C003456", clips: [.init(sequence: 1, start: nov3("11:00:00"), seconds: 20)]),
    ]

    static let caseFile = """
        [{"case_id": "CZ-T-0001", "title": "现场检查与证据保全", "department": "一中队",
          "steps": [
            {"id": "S1", "type": "on_site_inspection", "start": "2026-11-03T09:30:00+08:00",
             "end": "2026-11-03T09:31:00+08:00", "officers": ["310045"], "full_process": true},
            {"id": "S2", "type": "service_direct", "start": "2026-11-03T09:40:00+08:00",
             "end": "2026-11-03T09:45:00+08:00", "officers": ["310045"]},
            {"id": "S3", "type": "random_inspection", "start": "2026-11-03T10:00:00+08:00",
             "end": "2026-11-03T10:05:00+08:00", "officers": ["310046"]},
            {"id": "S4", "type": "investigation", "start": "2026-11-03T10:58:00+08:00",
             "end": "2026-11-03T11:10:00+08:00", "officers": ["310047"]},
            {"id": "S5", "type": "evidence_preservation", "start": "2026-11-03T10:30:00+08:00",
             "end": "2026-11-03T10:33:00+08:00", "officers": ["310045"], "full_process": true},
            {"id": "S6", "type": "legal_review", "start": "2026-11-04T09:00:00+08:00",
             "end": "2026-11-04T10:00:00+08:00", "handler": "310045", "reviewer": "310050", "approver": "310060"}
          ]}]
        """

    static let custodyFile = """
        [{"officer": "310045", "device": "A001234", "from": "2026-11-03T07:00:00+08:00", "to": null},
         {"officer": "310046", "device": "B002345", "from": "2026-11-03T07:00:00+08:00", "to": null},
         {"officer": "310047", "device": "C003456", "from": "2026-11-03T07:00:00+08:00", "to": null}]
        """

    static let clockFile = """
        [{"device": "A001234", "device_time": "2026-11-03T08:00:00", "gateway_time": "2026-11-03T08:00:00+08:00", "source": "dock"},
         {"device": "B002345", "device_time": "2026-11-02 10:09:50", "gateway_time": "2026-11-02T10:00:00+08:00", "source": "dock"},
         {"device": "B002345", "device_time": "2026-11-04T10:10:10", "gateway_time": "2026-11-04T10:00:00+08:00", "source": "dock",
          "clock_set": false},
         {"device": "C003456", "device_time": "2026-11-03T08:00:00", "gateway_time": "2026-11-03T08:00:00+08:00"}]
        """

    private init() throws {
        folder = try PackageRoot.fixtures().appendingPathComponent("case-check-scenario")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let recgate = Recgate(home: folder.appendingPathComponent("home"))
        self.recgate = recgate
        var shaByDevice: [String: [Int: String]] = [:]
        for device in Self.devices {
            let volume = folder.appendingPathComponent("volume-\(device.serial)")
            let paths = try device.write(into: volume)
            let report = try recgate.object(["offload", "--volume", volume.path])
            let clips = try #require(report["clips"] as? [[String: Any]])
            var byPath: [String: String] = [:]
            for clip in clips {
                try #require(clip["status"] as? String == "stored", "\(clip)")
                byPath[try #require(clip["path"] as? String)] = try #require(clip["sha256"] as? String)
            }
            shaByDevice[device.serial] = try paths.mapValues { try #require(byPath[$0], "\($0) not offloaded") }
        }
        let catalog = try Catalog(path: recgate.home.appendingPathComponent("catalog.sqlite"))
        clipIDs = try shaByDevice.mapValues { bySequence in
            try bySequence.mapValues { sha in try #require(try catalog.clip(sha256: sha)).id }
        }

        try recgate.expect(0, ["case", "import", try write(Self.caseFile, to: "case.json", in: folder).path])
        try recgate.expect(0, ["custody", "import", try write(Self.custodyFile, to: "custody.json", in: folder).path])
        try recgate.expect(0, ["clock", "import", try write(Self.clockFile, to: "clock.json", in: folder).path])
        recordOutput = try recgate.expect(0, ["clock", "record", "--device", "C003456", "--device-time", "2026-11-03 06:00:00",
                                              "--at", "2026-11-03T18:00:00+08:00", "--note", "keeper at bay 3"]).stdout
    }

    func id(_ serial: String, _ sequence: Int) -> String { clipIDs[serial]![sequence]! }
}
