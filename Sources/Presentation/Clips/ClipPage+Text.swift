import Foundation

extension ClipPage {
    /// A table for people: id prefix, recorded start (corrected; `~` marks a device time no clock
    /// reading corrected), device, officer, kind, size, probe verdict, status; then the next page's cursor.
    public var text: String {
        guard !clips.isEmpty else { return "no clips\n" }
        let header = ["ID", "RECORDED", "DEVICE", "OFFICER", "KIND", "SIZE", "INTEGRITY", "STATUS"]
        let rows = clips.map { clip -> [String] in
            [String(clip.id.prefix(8)), clip.recordedText, clip.device, clip.officer ?? "-", clip.kind,
             ClipPage.sizeText(clip.size), clip.integrity ?? "none", clip.status]
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
        var text = ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
        text += next_cursor.map { "next page: --cursor \($0)\n" } ?? "(last page)\n"
        return text
    }

    /// `12.3 MB`, `512 B`: decimal units.
    static func sizeText(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes), unit = 0
        while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}

extension ClipSummary {
    /// The recorded start as a wall clock shows it (`2026-11-03 09:30:15`), from the corrected time, else
    /// the device's time marked `~`, else `-`.
    var recordedText: String {
        if let start = recorded_start { return Self.wallClock(start) }
        if let start = device_start { return "~" + Self.wallClock(start) }
        return "-"
    }

    /// The first 19 characters of an RFC 3339 time in the gateway's zone, `T` as a space.
    static func wallClock(_ text: String) -> String {
        String(text.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }
}
