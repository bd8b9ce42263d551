import Compliance
import DeviceKit
import Foundation

/// Small builders for hand-made cases, clips, custody and clock readings. Times are China Standard
/// Time unless a test says otherwise.
enum Fixtures {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    /// `"2026-11-03T09:30:00+08:00"` as an instant (the test fails loudly on a typo).
    static func t(_ text: String) -> Date {
        switch RFC3339.parse(text) {
        case .success(let date): return date
        case .failure(let problem): fatalError("bad test time: \(problem)")
        }
    }

    /// A time on 2026-11-03 in +08:00: `at("09:30:00")`.
    static func at(_ clock: String, day: Int = 3) -> Date { t("2026-11-\(day < 10 ? "0" : "")\(day)T\(clock)+08:00") }

    /// A wall-clock reading `"2026-11-03 09:30:00"`.
    static func local(_ text: String) -> LocalTimestamp {
        let n = text.split(whereSeparator: { "- :T".contains($0) }).map { Int($0)! }
        return LocalTimestamp(year: n[0], month: n[1], day: n[2], hour: n[3], minute: n[4], second: n[5])
    }

    /// The reading a device whose clock is `offset` seconds ahead shows at true time `date`.
    static func reading(_ date: Date, offset: Double = 0) -> LocalTimestamp {
        LocalTimestamp(date.addingTimeInterval(offset), in: zone)
    }

    /// A video clip whose device started it at `start` (device time) and recorded `duration` seconds:
    /// name and creation_time carry the start, the FAT time the end (even seconds in these tests).
    static func video(
        _ id: String, device: String = "A001", start: LocalTimestamp, duration: Double, sequence: Int? = nil,
        session: String? = "S1", locked: Bool = false, officer: String? = nil, integrity: ClipIntegrity = .ok,
        verified: Bool = true, kind: RecordingKind = .video
    ) -> ClipFacts {
        let startInstant = start.instant(in: zone)!
        let end = reading(startInstant.addingTimeInterval(duration))
        return ClipFacts(id: id, device: device, officer: officer, session: session, sequence: sequence, locked: locked, kind: kind,
                         nameStart: start, containerStart: start, fileTime: end, duration: duration, integrity: integrity, verified: verified)
    }

    /// A clip starting at true time `clock` on 2026-11-03 on a device with no offset.
    static func video(_ id: String, device: String = "A001", from clock: String, seconds: Double, sequence: Int? = nil,
                      locked: Bool = false) -> ClipFacts {
        video(id, device: device, start: reading(at(clock)), duration: seconds, sequence: sequence, locked: locked)
    }

    static func step(
        _ id: String, _ type: String = "on_site_inspection", from start: String, to end: String, officers: [String] = ["310045"],
        devices: [String] = [], fullProcess: Bool? = nil, exemption: StepExemption? = nil, roles: InternalRoles = InternalRoles()
    ) -> CaseStep {
        CaseStep(id: id, type: type, start: at(start), end: at(end), officers: officers, devices: devices, fullProcess: fullProcess,
                 exemption: exemption, roles: roles)
    }

    /// Art 35's three roles, each a different officer.
    static let threeRoles = InternalRoles(handler: "310045", reviewer: "310050", approver: "310060")

    static func custody(_ officer: String = "310045", _ device: String = "A001", from: String = "2026-11-01T08:00:00+08:00",
                        to: String? = nil) -> CustodyRecord {
        CustodyRecord(officer: officer, device: device, from: t(from), to: to.map(t))
    }

    /// A dock reading of a device `offset` seconds ahead at true time `date`.
    static func dock(_ device: String = "A001", at date: Date, offset: Double, set: Bool = false,
                     source: ObservationSource = .dock) -> ClockObservation {
        ClockObservation(device: device, deviceTime: reading(date, offset: offset), gatewayTime: date, source: source, clockSet: set)
    }

    /// Readings that make device A001 (and any other listed) exactly right around 2026-11-03.
    static func goodClock(_ devices: [String] = ["A001"]) -> [ClockObservation] {
        devices.flatMap { [dock($0, at: at("07:00:00"), offset: 0), dock($0, at: at("20:00:00"), offset: 0)] }
    }

    static func checker(
        clips: [ClipFacts], custody: [CustodyRecord] = [custody()], clocks: [ClockObservation]? = nil,
        policy: CheckPolicy = CheckPolicy(), catalogue: StepCatalogue? = nil
    ) throws -> ComplianceChecker {
        let devices = Array(Set(clips.map(\.device) + custody.map(\.device))).sorted()
        return ComplianceChecker(
            catalogue: try catalogue ?? StepCatalogue.builtin(), policy: policy,
            clips: InMemoryClipSource(clips, zone: zone), custody: CustodyLedger(custody),
            clocks: InMemoryClockObservations(clocks ?? goodClock(devices)))
    }

    static func check(_ steps: [CaseStep], clips: [ClipFacts], custody: [CustodyRecord] = [custody()],
                      clocks: [ClockObservation]? = nil, policy: CheckPolicy = CheckPolicy()) throws -> CaseCheck {
        try checker(clips: clips, custody: custody, clocks: clocks, policy: policy)
            .check(CaseRecord(caseID: "CZ-ZJ-2026-0142", steps: steps))
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}

extension Array where Element == InputError {
    /// `kind@line:field` for every problem, for exact comparisons.
    var places: [String] { map { "\($0.kind.rawValue)@\($0.place.line.map(String.init) ?? "-"):\($0.place.field ?? "-")" } }
}
