import DeviceKit
import Compliance
import ComplianceCatalog
import Foundation

extension ClipSummary {
    /// A found clip as documents show it; times in `zone` (the gateway's), `stored_at` in UTC.
    public init(_ found: FoundClip, zone: TimeZone) {
        func text(_ seconds: Double) -> String { RFC3339.string(Date(timeIntervalSince1970: seconds), in: zone) }
        var deviceStart: String?, deviceEnd: String?
        if let corrected = found.corrected {
            deviceStart = text(corrected.start.instant.timeIntervalSince1970 + corrected.start.offset)
            deviceEnd = text(max(corrected.start.instant, corrected.end.instant).timeIntervalSince1970 + corrected.end.offset)
        } else if let span = found.span {
            deviceStart = text(Double(span.startS))
            deviceEnd = text(Double(span.endS))
        }
        let byReadings = found.correctedByReadings ? found.corrected : nil
        self.init(
            id: found.clip.id, sha256: found.clip.sha256, sm3: found.clip.sm3, size: found.clip.size, kind: found.clip.kind,
            device: found.device, officer: found.clip.officer, source_name: found.clip.sourceName,
            device_start: deviceStart, device_end: deviceEnd,
            recorded_start: byReadings.map { RFC3339.string($0.start.instant, in: zone) },
            recorded_end: byReadings.map { RFC3339.string(max($0.start.instant, $0.end.instant), in: zone) },
            correction_s: byReadings.map { $0.start.offset == 0 ? 0 : -$0.start.offset },
            integrity: found.integrity, status: found.released ? "released" : "verified", locked: found.clip.locked,
            stored_at: found.clip.createdAtText, clock: found.corrected?.clock.rawValue)
    }
}

extension ClipPage {
    public init(_ page: (clips: [FoundClip], nextCursor: String?), zone: TimeZone) {
        self.init(clips: page.clips.map { ClipSummary($0, zone: zone) }, next_cursor: page.nextCursor)
    }
}
