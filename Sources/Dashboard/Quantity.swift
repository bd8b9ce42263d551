import Foundation

/// Numbers as the pages show them.
enum Quantity {
    /// `512 B`, `1.5 MiB`, `3.2 GiB` (binary units, as the offload's progress line prints them).
    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(count)
        var unit = 0
        while abs(value) >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// Seconds of any size, signed: `+0.4 s`, `−12 min`, `+3.5 h`, `+41 d` (a clock years off stays readable).
    static func offset(_ seconds: Double) -> String {
        let sign = seconds < 0 ? "−" : "+"
        let magnitude = abs(seconds)
        let text: String
        switch magnitude {
        case ..<60: text = String(format: magnitude < 10 ? "%.1f s" : "%.0f s", magnitude)
        case ..<3600: text = String(format: "%.1f min", magnitude / 60)
        case ..<86_400: text = String(format: "%.1f h", magnitude / 3600)
        default: text = String(format: "%.1f d", magnitude / 86_400)
        }
        return sign + text
    }

    /// `42 %` of `done` over `total` (0 for an unknown or empty total).
    static func percent(_ done: Int64, of total: Int64?) -> Int {
        guard let total, total > 0 else { return 0 }
        return Int((min(1, Double(max(0, done)) / Double(total)) * 100).rounded(.down))
    }
}
