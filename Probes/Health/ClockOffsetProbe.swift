import Foundation

/// The device clock's offset (device − true time) at its last reading: the last reading over USB at a
/// dock, else the last one recorded at all. The read-back right after a set shows the set, not the
/// clock: the reading before it (the offset the recordings carried) is the one judged. A clock never
/// read is judged by a bound from its newest recording instead. The offset is judged less the reading's
/// resolution: what the reading proves, not what it may be.
public struct ClockOffsetProbe: HealthProbe {
    public let name = "clock_offset"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        let text = HealthText(zone: history.zone)
        let all = history.clock.readings
        let readings = all.indices.filter { i in
            !(i > 0 && all[i - 1].clockSet && all[i].gatewayTime.timeIntervalSince(all[i - 1].gatewayTime) < 3600)
        }.map { all[$0] }
        guard let last = readings.last(where: { $0.source == .dock }) ?? readings.last else {
            return bound(history, thresholds: thresholds)
        }
        // Judged by what the reading proves: a person reading a screen is ±30 s, so 40 s off by hand
        // may be 10 s.
        let resolution = history.clockPolicy.resolution(of: last.source)
        let measured = "offset \(HealthText.offset(last.offset)) (±\(HealthText.duration(resolution))) at the "
            + "\(last.source.rawValue) reading of \(text.time(last.gatewayTime))"
            + (last.clockSet ? " (the clock was set right after)" : "")
        let size = max(0, abs(last.offset) - resolution)
        if size >= thresholds.clockOffsetFault {
            return result(.fault, "clock far off: \(measured), \(HealthText.duration(thresholds.clockOffsetFault)) or more; "
                          + "set it at the next dock and check the times of its recordings before then")
        }
        if size >= thresholds.clockOffsetWarning {
            return result(.warning, "clock off: \(measured), \(HealthText.duration(thresholds.clockOffsetWarning)) or more; "
                          + "set it at the next dock")
        }
        return result(.ok, measured)
    }

    /// A clock never read: a recording is made before the device is docked, so its name time minus the
    /// dock's time bounds the offset from below (offset ≥ name − dock). A name after the dock shows a
    /// clock ahead by at least that much.
    func bound(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        let docked = Dictionary(history.sessions.map { ($0.id, $0.startedAt) }, uniquingKeysWith: { a, _ in a })
        let named = history.clips.compactMap { clip in
            clip.nameStart.flatMap { start in docked[clip.sessionID].map { (clip, start, $0) } }
        }
        guard let (clip, start, dock) = named.max(by: { $0.1 < $1.1 }) else {
            return result(.warning, "clock never read and no named recording to bound it: read it at the next dock "
                          + "(`recgate camera clock --set`) or record what its screen shows (`recgate clock record`)")
        }
        let text = HealthText(zone: history.zone)
        let lower = start.timeIntervalSince(dock)
        let advice = "read it at the next dock (`recgate camera clock --set`) or record what its screen shows (`recgate clock record`)"
        if lower > 0 {
            let what = "clock never read, and its newest recording \(clip.sourceName) is named \(text.time(start)), "
                + "\(HealthText.duration(lower)) after it was docked at \(text.time(dock)): the clock is at least that far ahead"
            return result(lower >= thresholds.clockOffsetFault ? .fault : .warning, "\(what); \(advice)")
        }
        return result(.warning, "clock never read; its newest recording \(clip.sourceName) is named \(text.time(start)), "
                      + "\(HealthText.duration(lower)) before it was docked at \(text.time(dock)), so the clock is at most that far behind; \(advice)")
    }
}
