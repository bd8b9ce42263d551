import Foundation

extension ClipDetail {
    /// The clip's record for people: identity and times, media facts, sightings, custody, clock readings,
    /// derived files and the audit trail, a section each.
    public var text: String {
        var lines: [String] = []
        let c = clip
        lines.append("clip \(c.id)")
        lines.append("  sha256      \(c.sha256)")
        if let sm3 = c.sm3 { lines.append("  sm3         \(sm3)") }
        lines.append("  file        \(c.source_name) (\(c.kind), \(ClipPage.sizeText(c.size)), \(c.size) bytes)")
        lines.append("  device      \(c.device)" + (c.officer.map { ", officer \($0)" } ?? ""))
        if let start = c.device_start, let end = c.device_end {
            lines.append("  device time \(ClipSummary.wallClock(start)) – \(ClipSummary.wallClock(end))")
        }
        if let start = c.recorded_start, let end = c.recorded_end {
            let correction = c.correction_s.map { String(format: "%+.1f s", $0) } ?? "?"
            lines.append("  recorded    \(ClipSummary.wallClock(start)) – \(ClipSummary.wallClock(end)) "
                         + "(corrected \(correction), \(c.clock ?? "?"))")
        } else if c.device_start != nil {
            lines.append("  recorded    not corrected (\(c.clock ?? "no reading")): the device time stands")
        } else {
            lines.append("  recorded    no reading places this clip in time")
        }
        lines.append("  status      \(c.status)\(c.locked ? ", locked" : ""); stored \(c.stored_at)")
        if let m = media {
            var facts = [m.format, m.duration_s.map { String(format: "%.3f s", $0) }, m.video_codec, m.audio_codec]
                .compactMap { $0 }
            if let w = m.width, let h = m.height { facts.append("\(w)x\(h)") }
            lines.append("  media       \(m.integrity): " + facts.joined(separator: ", ") + " (\(m.prober))")
        } else {
            lines.append("  media       not probed")
        }
        section("sightings", sightings.map {
            "\($0.seen_at)  \($0.device)  \($0.source_path)" + ($0.released_at.map { "  released \($0)" } ?? "")
        }, into: &lines)
        section("custody during the recording", custody.map { "\($0.officer)  \($0.from) – \($0.to ?? "(open)")" }, into: &lines)
        section("clock readings behind the correction", clock.map {
            "\($0.at)  device \($0.device_time)  offset \(String(format: "%+.1f", $0.offset_s)) s  \($0.source)"
        }, into: &lines)
        section("derived files", derived.map { "\($0.kind)  \($0.sha256.prefix(16))…  \($0.size) bytes  \($0.created_at)" }, into: &lines)
        section("audit", audit.map { "#\($0.seq)  \($0.at)  \($0.action)  \($0.actor)" }, into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private func section(_ title: String, _ items: [String], into lines: inout [String]) {
        lines.append("\(title): " + (items.isEmpty ? "none" : "\(items.count)"))
        lines += items.map { "  " + $0 }
    }
}
