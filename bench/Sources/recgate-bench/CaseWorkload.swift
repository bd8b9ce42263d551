import Compliance
import Foundation

/// Cases over a generated world, from a seed: each case has a lead officer (and usually a partner
/// working the same day) and steps over a few days of the lead's shifts.
///
/// Step types are drawn from the built-in catalogue (about two thirds portable recording, a tenth at
/// the interview-room cameras, the rest documents only). A portable step is placed on one of the lead's
/// recordings that day (72 %: inside it, times typed to the minute), starting 3–10 minutes before the
/// recording (8 %: a late start), in a gap between recordings (12 %: nothing recorded unless the partner
/// was), or in the evening after the shift (4 %: no device carried at all). Lien service is whole-process
/// by type; 15 % of the other recorded steps are marked `full_process`.
enum CaseWorkload {
    static let departments = ["城建监察一队", "城建监察二队", "市容执法大队", "房屋安全科", "燃气安全科"]

    static let portable: [(String, Double)] = [
        ("on_site_inspection", 14), ("investigation", 14), ("random_inspection", 6), ("evidence_preservation", 8),
        ("sampling", 6), ("hearing", 3), ("service_direct", 8), ("service_lien", 4), ("service_public_notice", 2),
    ]
    static let fixed: [(String, Double)] = [("interview", 7), ("reconsideration_hearing", 2)]
    static let documents: [(String, Double)] = [
        ("service_mail", 5), ("legal_review", 6), ("collective_discussion", 4), ("approval", 7), ("service_entrusted", 2),
    ]

    enum Placement { case inside, lateStart, inGap, evening }

    static func make(world: CaseWorld, count: Int, stepsPerCase: Int, seed: UInt64) -> [CaseRecord] {
        let days = max(1, world.fullDays)
        var recordingsByOfficerDay: [Int: [CaseWorld.Recording]] = [:]
        var cameraDays: [Int: [Int32]] = [:]
        for recording in world.recordings {
            if recording.officer >= 0 {
                recordingsByOfficerDay[Int(recording.officer) * 100_000 + Int(recording.day), default: []].append(recording)
            } else {
                cameraDays[Int(recording.day), default: []].append(recording.device)
            }
        }
        var shiftsByOfficerDay: [Int: CaseWorld.Shift] = [:]
        for shift in world.shifts { shiftsByOfficerDay[Int(shift.officer) * 100_000 + Int(shift.day)] = shift }

        var cases: [CaseRecord] = []
        cases.reserveCapacity(count)
        for number in 0..<count {
            var random = SeededRandom(seed: seed, stream: 2, index: number)
            let lead = random.int(0...(world.officers.count - 1))
            var day = random.int(0...(days - 1))
            day = workingDay(lead, from: day, days: days)
            let partners = (0..<world.officers.count).filter { $0 != lead && CaseWorld.works($0, day: day) }
            let partner = partners.isEmpty ? nil : random.pick(partners)
            var steps: [CaseStep] = []
            for index in 1...stepsPerCase {
                if index > 1, !random.chance(0.6) { day = workingDay(lead, from: min(days - 1, day + random.int(1...3)), days: days) }
                let kind = random.pick(weighted: [("portable", 65.0), ("fixed", 9), ("documents", 24)])
                let id = "s\(WallClock.pad(Int64(index), 2))"
                let midnight = WallClock.midnight(day: day)
                switch kind {
                case "portable":
                    let type = random.pick(weighted: portable)
                    var officers = [world.officers[lead]]
                    if let partner, random.chance(0.6) { officers.append(world.officers[partner]) }
                    let placement = random.pick(weighted: [(Placement.inside, 72.0), (.lateStart, 8), (.inGap, 12), (.evening, 4)])
                    let (start, end) = place(placement, recordings: recordingsByOfficerDay[lead * 100_000 + day] ?? [],
                                             shift: shiftsByOfficerDay[lead * 100_000 + day], midnight: midnight, random: &random)
                    let fullProcess: Bool? = type != "service_lien" && random.chance(0.15) ? true : nil
                    steps.append(step(id, type, start, end, officers: officers, fullProcess: fullProcess))
                case "fixed":
                    let type = random.pick(weighted: fixed)
                    // Interviews happen at the bureau on weekdays.
                    var weekday = day
                    while !CaseWorld.isWeekday(weekday), weekday > 0 { weekday -= 1 }
                    let rooms = cameraDays[weekday] ?? []
                    let room = rooms.isEmpty ? "ROOM01" : world.devices[Int(random.pick(rooms))].serial
                    let start = minute(WallClock.midnight(day: weekday) + random.uniform(9 * 3600, 16 * 3600), up: true)
                    let end = start + Double(random.int(20...90) * 60)
                    steps.append(step(id, type, start, end, officers: [world.officers[lead]], devices: [room],
                                      fullProcess: random.chance(0.15) ? true : nil))
                default:
                    let type = random.pick(weighted: documents)
                    let start = minute(midnight + random.uniform(9 * 3600, 16 * 3600), up: true)
                    var documentStep = step(id, type, start, start + Double(random.int(10...60) * 60), officers: [world.officers[lead]])
                    if InternalRoles.stepTypes.contains(type) {
                        // Art 35's roles, three different officers (drawn without the random stream, which
                        // the cached catalogs were made from).
                        let count = world.officers.count
                        documentStep.handler = world.officers[lead]
                        documentStep.reviewer = world.officers[(lead + 1) % count]
                        documentStep.approver = world.officers[(lead + 2) % count]
                    }
                    steps.append(documentStep)
                }
            }
            cases.append(CaseRecord(caseID: "C2026-\(WallClock.pad(Int64(number + 1), 5))", title: "bench case \(number + 1)",
                                    department: random.pick(departments), steps: steps))
        }
        return cases
    }

    /// The first day from `day` (else before it) that `officer` works.
    static func workingDay(_ officer: Int, from day: Int, days: Int) -> Int {
        for d in day..<days where CaseWorld.works(officer, day: d) { return d }
        for d in stride(from: day, through: 0, by: -1) where CaseWorld.works(officer, day: d) { return d }
        return day
    }

    static func minute(_ t: Double, up: Bool) -> Double {
        (up ? (t / 60).rounded(.up) : (t / 60).rounded(.down)) * 60
    }

    /// A step's times for a placement; falls back to the evening when the lead recorded nothing that day.
    static func place(_ placement: Placement, recordings: [CaseWorld.Recording], shift: CaseWorld.Shift?, midnight: Double,
                      random: inout SeededRandom) -> (Double, Double) {
        let evening = (midnight + 20 * 3600, midnight + 20.5 * 3600)
        guard !recordings.isEmpty, placement != .evening else { return evening }
        switch placement {
        case .inside, .lateStart:
            let recording = random.pick(recordings)
            let inset = min(120, (recording.end - recording.start) / 4)
            var start = minute(recording.start + random.uniform(0, inset), up: true)
            let end = max(start + 60, minute(recording.end - random.uniform(0, inset), up: false))
            if placement == .lateStart { start = minute(recording.start - random.uniform(180, 600), up: false) }
            return (start, end)
        case .inGap:
            var gaps: [(Double, Double)] = []
            var previous = shift?.from ?? recordings[0].start - 3600
            for recording in recordings {
                if recording.start - previous >= 1200 { gaps.append((previous, recording.start)) }
                previous = recording.end
            }
            guard !gaps.isEmpty else { return evening }
            let gap = random.pick(gaps)
            let start = minute((gap.0 + gap.1) / 2 - 300, up: true)
            return (start, start + 600)
        case .evening:
            return evening
        }
    }

    static func step(_ id: String, _ type: String, _ start: Double, _ end: Double, officers: [String], devices: [String] = [],
                     fullProcess: Bool? = nil) -> CaseStep {
        CaseStep(id: id, type: type, start: Date(timeIntervalSince1970: start), end: Date(timeIntervalSince1970: end),
                 officers: officers, devices: devices, fullProcess: fullProcess)
    }
}
