import Foundation

/// The state of one `check` call: clock models and corrected clips are made once per device and clip,
/// however many steps look at them.
final class CheckRun {
    let policy: CheckPolicy
    let clips: any ClipSource
    let clocks: any ClockObservationSource
    private var models: [String: ClockModel] = [:]
    private var corrected: [String: CorrectedClip?] = [:]

    init(policy: CheckPolicy, clips: any ClipSource, clocks: any ClockObservationSource) {
        self.policy = policy
        self.clips = clips
        self.clocks = clocks
    }

    func model(_ device: String) throws -> ClockModel {
        if let model = models[device] { return model }
        let model = ClockModel(device: device, observations: try clocks.observations(device: device), policy: policy.clock)
        models[device] = model
        return model
    }

    /// Nil for a clip with no calendar time in any source.
    func correct(_ facts: ClipFacts) throws -> CorrectedClip? {
        if let known = corrected[facts.id] { return known }
        let clip = CorrectedClip(facts, model: try model(facts.device), policy: policy)
        corrected[facts.id] = clip
        return clip
    }

    /// The clips that may fall in `windows` (true time) on their devices, plus clips naming `officers`
    /// around `officerWindow`, corrected, each once. Not yet filtered by corrected time.
    func lookUp(_ windows: [DeviceWindow], officers: Set<String>, officerWindow: DateInterval?) throws -> [CorrectedClip] {
        var found: [String: ClipFacts] = [:]
        for (device, group) in Dictionary(grouping: windows, by: \.device) {
            let hull = DateInterval(start: group.map(\.window.start).min()!, end: group.map(\.window.end).max()!)
            for deviceWindow in try model(device).deviceWindows(for: hull) {
                for clip in try clips.clips(devices: [device], officers: [], overlapping: deviceWindow) { found[clip.id] = clip }
            }
        }
        if let officerWindow, !officers.isEmpty {
            let wide = DateInterval(start: officerWindow.start - policy.officerLookupSlack, end: officerWindow.end + policy.officerLookupSlack)
            for clip in try clips.clips(devices: [], officers: officers, overlapping: wide) { found[clip.id] = clip }
        }
        return try found.values.sorted { $0.id < $1.id }.compactMap { try correct($0) }
    }
}

/// Where a device's clips count for a step: the step's window, or the part of it the device was with
/// one of the step's officers.
struct DeviceWindow {
    var device: String
    var window: DateInterval
    /// `device` or `custody:<officer>`.
    var reason: String
}

extension DateInterval {
    /// Closed intervals overlap (touching counts).
    func touches(_ other: DateInterval) -> Bool { start <= other.end && other.start <= end }

    func widened(by seconds: Double) -> DateInterval {
        DateInterval(start: start - seconds, end: end + seconds)
    }
}
