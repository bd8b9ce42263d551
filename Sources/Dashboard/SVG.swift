import Foundation

/// Numbers for SVG coordinates: one decimal, no exponent, never `nan`.
enum SVG {
    static func n(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
