import Foundation

/// The state of one `check` call: clock models and corrected clips are made once per device and clip,
/// however many steps look at them.
final class CheckRun {
    let policy: CheckPolicy
    let clips: any ClipSource
    let clocks: any ClockObservationSource
    private var models: [String: ClockModel] = [:]
    private var corrected: [String: CorrectedClip?] = [:]
    /// ``ResetPlacement/breaks`` per device and session, read once.
    private var breaks: [String: [Int]] = [:]

    /// `models`: clock models already built under `policy` (a search keeps them across queries).
    init(policy: CheckPolicy, clips: any ClipSource, clocks: any ClockObservationSource, models: [String: ClockModel] = [:]) {
        self.policy = policy
        self.clips = clips
        self.clocks = clocks
        self.models = models
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
        let model = try model(facts.device)
        var clip = CorrectedClip(facts, model: model, policy: policy)
        if let first = clip, first.clock == .resetSpan, let placed = try place(first, model: model) { clip = placed }
        corrected[facts.id] = clip
        return clip
    }

    /// A clip in a reset's span placed in the era before or after the reset by its sequence number
    /// (``ResetPlacement``); nil when its session's recordings cannot tell.
    private func place(_ clip: CorrectedClip, model: ClockModel) throws -> CorrectedClip? {
        guard let sequence = clip.facts.sequence, let reset = clip.startEstimate.reset ?? clip.endEstimate.reset else { return nil }
        let key = "\(clip.facts.device)\u{0}\(clip.facts.session ?? "")"
        if breaks[key] == nil {
            // A session is one card's contents (hundreds of files); without one, the numbers near the clip.
            let range = clip.facts.session == nil ? (sequence - 1000)...(sequence + 1000) : Int.min...Int.max
            let session = try clips.clips(device: clip.facts.device, session: clip.facts.session, sequences: range)
                .filter { $0.device == clip.facts.device && $0.session == clip.facts.session }
            breaks[key] = ResetPlacement.breaks(session, policy: policy)
        }
        guard let after = ResetPlacement.isAfter(sequence, breaks: breaks[key]!) else { return nil }
        let sides = model.erasBeside(reset)
        guard let era = after ? sides.after : sides.before else { return nil }
        return CorrectedClip(clip.facts, model: model, policy: policy, era: era, placedAfter: after ? reset : nil)
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
