import Evidence
import Foundation

/// Damaged files among the recordings the newest offload found: zero-length files, and files the media
/// probe found truncated or corrupt (`clip_media`). Either says the device stopped writing mid-file
/// (battery, card) or its card is failing.
public struct FileIntegrityProbe: HealthProbe {
    public let name = "file_integrity"
    public init() {}

    public func check(_ history: DeviceHistory, thresholds: HealthThresholds) -> ProbeResult {
        guard let newest = history.sessions.last else { return result(.unknown, "never offloaded") }
        let clips = history.lastSessionClips
        let empty = clips.filter { $0.size == 0 }
        let corrupt = clips.filter { $0.size > 0 && $0.integrity == "corrupt" }
        let truncated = clips.filter { $0.size > 0 && $0.integrity == "truncated" }
        let when = HealthText(zone: history.zone).time(newest.startedAt)
        func names(_ list: [SessionClip]) -> String {
            list.prefix(5).map(\.sourceName).joined(separator: ", ") + (list.count > 5 ? ", …" : "")
        }
        var parts: [String] = []
        if !empty.isEmpty { parts.append("\(HealthText.plural(empty.count, "zero-length file")) (\(names(empty)))") }
        if !corrupt.isEmpty { parts.append("\(HealthText.plural(corrupt.count, "corrupt file")) (\(names(corrupt)))") }
        if !truncated.isEmpty { parts.append("\(HealthText.plural(truncated.count, "truncated file")) (\(names(truncated)))") }
        guard !parts.isEmpty else {
            return result(.ok, "\(HealthText.plural(clips.count, "file")) of the offload of \(when) whole")
        }
        let what = parts.joined(separator: ", ") + " in the offload of \(when)"
        if !empty.isEmpty || !corrupt.isEmpty {
            return result(.fault, "\(what): the device or its card is failing; take it out of service and have it checked")
        }
        return result(.warning, "\(what): recording stopped mid-file (battery or card); "
                      + "check the battery and card, `recgate recover` can rebuild the clips")
    }
}
