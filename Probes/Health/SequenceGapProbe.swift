import Evidence
import Foundation

/// Missing sequence numbers among the recordings the newest offload found: a possible deletion on the
/// device. Judged as the case check's sequence check judges them (Compliance `SequenceCheck`), so the
/// two never disagree: within one session a number between two neighbours that no clip has is missing,
/// unless loop recording explains it (it overwrites the oldest unlocked file first, so it can only have
/// taken the number if every older clip of the session is locked). A number seen at an earlier dock
/// is not missing: an offload does not catalog again what it stored before.
public struct SequenceGapProbe: HealthProbe {
    public let name = "sequence_gaps"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        guard let newest = history.sessions.last else { return result(.unknown, "never offloaded") }
        let numbered = history.clips.filter { $0.sequence != nil }
        let session = numbered.filter { $0.sessionID == newest.id }.sorted { $0.sequence! < $1.sequence! }
        guard !session.isEmpty else {
            return result(.ok, "no numbered recordings in the offload of \(HealthText(zone: history.zone).time(newest.startedAt))")
        }
        // Every number the device's docks have stored (the newest is the last session, so these are
        // this one's and earlier ones').
        let present = Set(numbered.compactMap(\.sequence))
        var missing: [Int] = []
        var around: [(SessionClip, SessionClip)] = []
        for (a, b) in zip(session, session.dropFirst()) {
            let low = a.sequence! + 1, high = b.sequence! - 1
            guard low <= high else { continue }
            let gap = (low...high).filter { !present.contains($0) }
            guard !gap.isEmpty else { continue }
            if Self.explainedByLoopOverwrite(below: a, in: session) { continue }
            missing += gap
            around.append((a, b))
        }
        let range = "numbers \(session.first!.sequence!)–\(session.last!.sequence!)"
        guard !missing.isEmpty else { return result(.ok, "no gaps in \(range) of the newest offload") }
        let list = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
        let between = around.prefix(3).map { "\($0.0.sourceName) and \($0.1.sourceName)" }.joined(separator: "; ")
        let what = "\(HealthText.plural(missing.count, "recording")) missing (\(list)) between \(between)"
        if newest.failed > 0 {
            // A file that failed to copy leaves no clip: the gap may be the failure, not a deletion.
            return result(.warning, "\(what); the offload had \(HealthText.plural(newest.failed, "failure")), which may be them: "
                          + "dock it again, and if they are still missing ask the officer")
        }
        return result(.fault, "\(what): possibly deleted on the device; keep it out of service and report it")
    }

    /// Every clip of the session numbered at or below `a` is locked (`a` included).
    static func explainedByLoopOverwrite(below a: SessionClip, in session: [SessionClip]) -> Bool {
        guard a.locked, let sequence = a.sequence else { return false }
        return session.filter { ($0.sequence ?? .max) < sequence }.allSatisfy(\.locked)
    }
}
