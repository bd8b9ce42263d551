import Accounts
import Compliance
import ComplianceCatalog
import DeviceKit
import Evidence
import Foundation
import HealthProbes
import Presentation
@testable import Dashboard

/// Documents as the gateway makes them, for a bureau on Beijing time: a daemon with three bays (one
/// offloading, one empty, one whose device failed and carries hostile strings), device health, clips,
/// a checked case with a gap, a report, audit entries and accounts.
enum Fixtures {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!
    static let token = "tok-3f9a\"<&>"
    static let hostile = "<script>alert(\"x\")</script>&'"

    static func date(_ text: String) -> Date {
        guard case .success(let date) = RFC3339.parse(text) else { fatalError("bad time \(text)") }
        return date
    }

    static func context(_ role: Role? = .administrator, name: String = "王警官", language: Language = .zh,
                        path: String = "/") -> PageContext {
        PageContext(language: language, account: role.map { .init(name: name, role: $0) }, csrfToken: token, path: path, zone: zone)
    }

    // MARK: bays

    static let status = DaemonStatus(
        pid: 4242, listen: "127.0.0.1:8470", started_at: "2026-11-03T01:00:00Z", watch: ["/srv/recgate/volumes"],
        release: "after_verify",
        queue: .init(concurrency: 2, slice_bytes: 4_000_000_000, running: 1, waiting: []),
        bays: [
            .init(bay: 1, label: "前台左", port_path: "1-1.1", device: "volume:/srv/recgate/volumes/sdb1"),
            .init(bay: 2, label: nil, port_path: "1-1.2", device: nil),
            .init(bay: 3, label: hostile, port_path: "1-1.3", device: "camera:1-1.3"),
        ],
        devices: [
            .init(source: "volume:/srv/recgate/volumes/sdb1", bay: 1, usb_port_path: "1-1.1", serial: "DSJ-A1001",
                  model: "DSJ-V9", state: "offloading", arrived_at: "2026-11-03T01:05:00Z", error: nil, health: "warning"),
            .init(source: "camera:1-1.3", bay: 3, usb_port_path: "1-1.3", serial: "X\"<b>1</b>", model: hostile,
                  state: "failed", arrived_at: "2026-11-03T01:06:00Z", error: "read failed: \(hostile)", health: nil),
            .init(source: "volume:/srv/recgate/volumes/sdc1", bay: nil, usb_port_path: nil, serial: nil, model: nil,
                  state: "queued", arrived_at: "2026-11-03T01:07:00Z", error: nil, health: nil),
        ],
        sessions: [
            .init(id: "s-2", device: "volume:/srv/recgate/volumes/sdb1", serial: "DSJ-A1001", state: "running",
                  started_at: "2026-11-03T01:05:01Z", ended_at: nil, bytes_done: 314_572_800, bytes_total: 1_258_291_200,
                  current_file: "DCIM/100MEDIA/20261103_093000_0042.MP4", stored: 3, already_stored: 0, failed: 0, error: nil, clips: []),
            .init(id: "s-1", device: "volume:/srv/recgate/volumes/sdb1", serial: "DSJ-A1001", state: "interrupted",
                  started_at: "2026-11-03T01:04:00Z", ended_at: "2026-11-03T01:04:30Z", bytes_done: 10, bytes_total: 20,
                  current_file: nil, stored: 1, already_stored: 0, failed: 0, error: nil, clips: []),
        ])

    static let health = [
        DeviceHealth(serial: "DSJ-A1001", model: "DSJ-V9", profile: "generic-dcim", probes: [
            ProbeResult(probe: "battery", status: .warning, reason: "battery at 14 %"),
            ProbeResult(probe: "storage", status: .ok, reason: "12 000 MB of 64 000 MB free"),
            ProbeResult(probe: "clock_offset", status: .ok, reason: "clock 1.2 s fast at the last dock"),
            ProbeResult(probe: "sequence_gaps", status: .fault, reason: "files 0040 to 0041 missing"),
        ]),
    ]

    // MARK: clips

    static func clip(_ id: String, name: String, officer: String? = "110023", integrity: String? = "ok") -> ClipSummary {
        ClipSummary(id: id, sha256: String(repeating: "ab", count: 32), sm3: String(repeating: "cd", count: 32),
                    size: 734_003_200, kind: "video", device: "DSJ-A1001", officer: officer, source_name: name,
                    device_start: "2026-11-03T09:30:01+08:00", device_end: "2026-11-03T09:45:01+08:00",
                    recorded_start: "2026-11-03T09:30:00+08:00", recorded_end: "2026-11-03T09:45:00+08:00",
                    correction_s: -1.2, integrity: integrity, status: "verified", locked: false,
                    stored_at: "2026-11-03T01:06:00Z")
    }

    static let clipPage = ClipPage(clips: [
        clip("0b6c1c2e-1111-4c7e-9f00-000000000001", name: "20261103_093000_0042.MP4"),
        clip("0b6c1c2e-1111-4c7e-9f00-000000000002", name: hostile, officer: hostile, integrity: "truncated"),
    ], next_cursor: "eyJrIjoiMjAyNi0xMS0wMyJ9+/=")

    static let clipDetail = ClipDetail(
        clip: clip("0b6c1c2e-1111-4c7e-9f00-000000000001", name: "20261103_093000_0042.MP4"),
        media: .init(format: "mov,mp4", duration_s: 900, integrity: "ok", video_codec: "h264", audio_codec: "aac",
                     width: 1920, height: 1080, prober: "libavformat"),
        sightings: [.init(session_id: "s-2", device: "DSJ-A1001", source_path: "DCIM/100MEDIA/20261103_093000_0042.MP4",
                          seen_at: "2026-11-03T01:06:00Z", released_at: "2026-11-03T01:20:00Z")],
        custody: [.init(officer: "110023", from: "2026-11-03T08:00:00+08:00", to: "2026-11-03T18:00:00+08:00")],
        clock: [.init(at: "2026-11-03T01:05:30Z", device_time: "2026-11-03T09:05:31", offset_s: 1.2, source: "dock")],
        derived: [.init(id: "d-1", kind: "proxy", sha256: String(repeating: "ef", count: 32), size: 52_428_800,
                        recipe: "proxy-540p", created_at: "2026-11-03T02:00:00Z")],
        audit: [
            .init(seq: 17, at: "2026-11-03T01:06:00Z", actor: "recgate", action: "clip.stored", detail: "{\"size\":734003200}"),
            .init(seq: 30, at: "2026-11-03T03:00:00Z", actor: hostile, action: "clip.downloaded", detail: "{\"reason\":\"\(hostile)\"}"),
        ])

    // MARK: devices

    static func dossier(clock: [ClipDetail.ClockReading]) -> DeviceRecord {
        DeviceRecord(health: health[0],
                     sessions: [.init(id: "s-1", started_at: "2026-11-03T01:04:00Z", ended_at: "2026-11-03T01:04:30Z",
                                      status: "interrupted", stored: 1, already_stored: 0, failed: 0, error: nil)],
                     clock: clock.map {
                         .init(at: $0.at, device_time: $0.device_time, offset_s: $0.offset_s, source: $0.source, clock_set: false,
                               drift_s_per_day: nil)
                     },
                     conditions: [])
    }

    // MARK: a case

    static func corrected(_ text: String) -> CorrectedTime {
        CorrectedTime(instant: date(text), uncertainty: 0.6, readingUncertainty: 0.5, deviceTime: String(text.prefix(19)),
                      source: "file_name", offset: 1.2)
    }

    static func evidence(_ id: String, _ start: String, _ end: String, device: String = "DSJ-A1001") -> ClipEvidence {
        ClipEvidence(clipID: id, device: device, officer: "110023", sequence: 42, kind: .video, start: corrected(start),
                     end: corrected(end), clock: .interpolated, matchedBy: ["custody:110023"])
    }

    /// S1 (09:30–10:00, whole process) is covered but for 09:45–09:50; S2 (11:00–11:20) has no recording;
    /// S3 is a documents-only step.
    static let record = CaseRecord(caseID: "JZ-2026-0117", title: "某工地\(hostile)现场检查", department: "城建监察一队", steps: [
        CaseStep(id: "S1", type: "on_site_inspection", start: date("2026-11-03T09:30:00+08:00"), end: date("2026-11-03T10:00:00+08:00"),
                 officers: ["110023", "110045"], fullProcess: true),
        CaseStep(id: "S2", type: "investigation", start: date("2026-11-03T11:00:00+08:00"), end: date("2026-11-03T11:20:00+08:00"),
                 officers: ["110023"]),
        CaseStep(id: "S3", type: "legal_review", start: date("2026-11-04T09:00:00+08:00"), end: date("2026-11-04T09:30:00+08:00"),
                 officers: []),
    ])

    static let gapStart = date("2026-11-03T09:45:00+08:00"), gapEnd = date("2026-11-03T09:50:00+08:00")

    static let check = CaseCheck(caseID: "JZ-2026-0117", steps: [
        StepCheck(stepID: "S1", type: "on_site_inspection", recording: .avPortable, fullProcess: true,
                  start: record.steps[0].start, end: record.steps[0].end,
                  clips: [evidence("c-1", "2026-11-03T09:29:50+08:00", "2026-11-03T09:45:00+08:00"),
                          evidence("c-2", "2026-11-03T09:50:00+08:00", "2026-11-03T10:00:30+08:00")],
                  coverage: Coverage(coveredSeconds: 1500, fraction: 1500.0 / 1800, uncovered: [TimeSpan(start: gapStart, end: gapEnd)])),
        StepCheck(stepID: "S2", type: "investigation", recording: .avPortable, fullProcess: false,
                  start: record.steps[1].start, end: record.steps[1].end, clips: [],
                  coverage: Coverage(coveredSeconds: 0, fraction: 0,
                                     uncovered: [TimeSpan(start: record.steps[1].start, end: record.steps[1].end)])),
        StepCheck(stepID: "S3", type: "legal_review", recording: .documents, fullProcess: false,
                  start: record.steps[2].start, end: record.steps[2].end, clips: [], coverage: nil),
    ], findings: [
        Finding(kind: .coverageGap, severity: .warning, stepID: "S1", article: "11(2)",
                evidence: FindingEvidence(intervals: [TimeSpan(start: gapStart, end: gapEnd)]),
                explanation: Explanation(zh: "09:45:00–09:50:00 未录制（300 秒）", en: "09:45:00–09:50:00 not recorded (300 s)")),
        Finding(kind: .missingRecording, severity: .error, stepID: "S2", article: "11(1)",
                evidence: FindingEvidence(devices: ["DSJ-A1001"]),
                explanation: Explanation(zh: "环节 S2 未找到录像 \(hostile)", en: "no recording for step S2 \(hostile)")),
        Finding(kind: .unmatchedClip, severity: .info, stepID: nil, article: nil, evidence: FindingEvidence(),
                explanation: Explanation(zh: "录像 c-9 未匹配任何环节", en: "clip c-9 matches no step")),
    ], catalogue: CatalogueIdentity(source: .shipped, sha256: String(repeating: "0", count: 64)))

    static var catalogue: StepCatalogue { try! StepCatalogue.builtin() }

    static var report: CaseReport {
        let other = CaseRecord(caseID: "JZ-2026-0200", title: nil, department: nil, steps: [
            CaseStep(id: "A", type: "on_site_inspection", start: date("2026-11-05T09:00:00+08:00"),
                     end: date("2026-11-05T09:30:00+08:00"), officers: ["110099"]),
        ])
        return CaseReport(entries: [
            .init(record: record, revision: 2, check: check),
            .init(record: other, revision: 1, check: CaseCheck(caseID: other.caseID, steps: [], findings: [])),
        ], since: nil, generatedAt: date("2026-11-06T08:00:00Z"))
    }

    // MARK: audit and accounts

    static let audit = [
        AuditEntry(seq: 31, id: "u-31", at: date("2026-11-03T03:05:00Z"), actor: "王警官", action: "clip.downloaded",
                   object: "clip:0b6c1c2e-1111-4c7e-9f00-000000000001", digest: "", detail: "{\"reason\":\"\(hostile)\"}",
                   prevHash: "", hash: ""),
        AuditEntry(seq: 30, id: "u-30", at: date("2026-11-03T03:00:00Z"), actor: hostile, action: "account.login",
                   object: "account:\(hostile)", digest: "", detail: "", prevHash: "", hash: ""),
    ]

    static let accounts = [
        AccountListing(name: "admin", role: .administrator, state: "active"),
        AccountListing(name: hostile, role: .equipmentKeeper, state: "locked"),
        AccountListing(name: "李法制", role: .legalOffice, state: "disabled"),
    ]

    /// Every page, rendered in `context`'s language for its account.
    static func allPages(_ context: PageContext) -> [(String, Page)] {
        [
            ("login", Pages.login(problem: .throttled(retryAfterSeconds: 30), name: hostile, context: context)),
            ("bays", Pages.bays(status: status, health: health, context: context)),
            ("devices", Pages.devices(health: health, context: context)),
            ("device", Pages.device(dossier(clock: [
                .init(at: "2026-10-01T01:00:00Z", device_time: "x", offset_s: 0.4, source: "dock"),
                .init(at: "2026-10-15T01:00:00Z", device_time: "x", offset_s: 6.5, source: "dock"),
                .init(at: "2026-11-03T01:05:30Z", device_time: "x", offset_s: -2, source: "manual"),
            ]), context: context)),
            ("clips", Pages.clips(clipPage, filters: ClipFilters(device: hostile, kind: "video"), context: context)),
            ("clip", Pages.clip(clipDetail, player: PlayerSource(url: "/clips/x/proxy?a=1&b=\"2\"", kind: .proxy), context: context)),
            ("case", Pages.caseCheck(record: record, check: check, catalogue: catalogue, context: context)),
            ("cases", Pages.cases([record], context: context)),
            ("report", Pages.report(report, context: context)),
            ("audit", Pages.audit(audit, olderBefore: 30, context: context)),
            ("accounts", Pages.accounts(accounts, context: context)),
            ("error", Pages.error(status: 404, message: "no clip \(hostile)", context: context)),
        ]
    }
}

extension Page {
    /// The page parsed by the strict test parser (a failure names where the markup breaks).
    func tree() throws -> HTMLNode { try HTMLTree.parse(html) }
}
