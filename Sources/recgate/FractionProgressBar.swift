import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error for work measured as a fraction done (a transcode by
/// media time), with the time left; the byte-counting `TerminalProgressBar`'s sibling.
///
/// Used only when standard error is a terminal; redrawn at most ten times a second. Called from the
/// thread doing the work, one call at a time, so it needs no lock; it is not Sendable.
final class FractionProgressBar {
    private let label: String
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let width = 30

    init(label: String) { self.label = label }

    /// A bar when standard error is a terminal, else nil.
    static func ifTerminal(label: String) -> FractionProgressBar? {
        isatty(STDERR_FILENO) == 1 ? FractionProgressBar(label: label) : nil
    }

    func update(_ fraction: Double) {
        let now = Date()
        guard fraction >= 1 || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let clamped = min(max(fraction, 0), 1)
        let filled = Int(clamped * Double(width))
        let elapsed = now.timeIntervalSince(started)
        let left = clamped > 0 ? elapsed / clamped - elapsed : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\r\(label) [\(bar)] " + String(format: "%3.0f%%", clamped * 100)
            + " \(Self.duration(elapsed)) elapsed, \(Self.duration(left)) left  "
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Ends the line, if anything was drawn.
    func end() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String(format: "%d:%02d", s / 60, s % 60)
    }
}
