import DeviceKit
import Foundation
import Offload

extension OffloadReport {
    /// The report for people: one line a clip (status, path, digest, media integrity, release), each
    /// skipped entry but housekeeping files, then the device's totals.
    public var lines: [String] {
        var lines: [String] = []
        for clip in clips {
            let tag = clip.status.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
            var line = "\(tag) \(clip.path)"
            if let sha = clip.sha256 { line += "  sha256:\(sha.prefix(16))…" }
            if let media = clip.media {
                let duration = media.duration.map { String(format: " %.1f s", $0) } ?? ""
                line += "  [\(media.integrity)\(duration)\(media.findings.isEmpty ? "" : ": " + media.findings.joined(separator: ", "))]"
            }
            if clip.repaired == true { line += "  (stored copy repaired from the device)" }
            if clip.released == true { line += "  (released from device)" }
            if let reason = clip.releaseSkipped { line += "  (kept on device: \(reason))" }
            if let error = clip.error { line += "  \(error)" }
            lines.append(line)
        }
        // Housekeeping files are only counted; every other skipped entry is named with its reason.
        for entry in skipped where entry.reason != .system {
            lines.append("skipped        \(entry.path)  \(entry.reason.rawValue): \(entry.detail)")
        }
        let reasons = skippedByReason.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
        let megabytes = Double(bytesCopied) / 1_000_000
        let releases = clips.contains { $0.released != nil }
            ? "\(released) released, \(releaseSkipped) kept on the device (release skipped); " : ""
        let repairs = repaired > 0 ? "\(repaired) stored copies repaired; " : ""
        lines.append(
            "device \(device.serial) (\(device.profile)): \(stored) stored, "
                + "\(alreadyStored) already stored, \(failed) failed, "
                + "\(skipped.count) skipped\(reasons.isEmpty ? "" : " (\(reasons))"); " + releases + repairs
                + String(format: "%.1f MB in %.1f s", megabytes, seconds))
        return lines
    }
}
