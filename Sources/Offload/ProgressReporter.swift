import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Receives progress of long work (offload, verification).
public protocol ProgressReporter: Sendable {
    func begin(totalBytes: Int64, label: String)
    func advance(bytes: Int)
    func end()
}

/// A one-line progress bar on standard error: bytes done, rate and time left.
///
/// Used only when standard error is a terminal; redrawn at most ten times a second.
public final class TerminalProgressBar: ProgressReporter, @unchecked Sendable {
    // Sendable proof: all mutable state is read and written under `lock`.
    private let lock = NSLock()
    private var total: Int64 = 0
    private var done: Int64 = 0
    private var label = ""
    private var started = Date()
    private var lastDraw = Date.distantPast
    private let width = 30

    public init() {}

    /// A bar when standard error is a terminal, else nil.
    public static func ifTerminal() -> TerminalProgressBar? {
        isatty(STDERR_FILENO) == 1 ? TerminalProgressBar() : nil
    }

    public func begin(totalBytes: Int64, label: String) {
        lock.withLock {
            total = max(totalBytes, 1)
            done = 0
            self.label = label
            started = Date()
            lastDraw = .distantPast
        }
    }

    public func advance(bytes: Int) {
        lock.withLock {
            done += Int64(bytes)
            let now = Date()
            if now.timeIntervalSince(lastDraw) >= 0.1 {
                lastDraw = now
                draw(now: now)
            }
        }
    }

    public func end() {
        lock.withLock {
            draw(now: Date())
            FileHandle.standardError.write(Data("\n".utf8))
        }
    }

    private func draw(now: Date) {
        let fraction = min(1, Double(done) / Double(total))
        let filled = Int(fraction * Double(width))
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\r\(label) [\(bar)] \(Self.bytes(done))/\(Self.bytes(total)) \(Self.bytes(Int64(rate)))/s "
            + "\(Self.duration(left)) left  "
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String(format: "%d:%02d", s / 60, s % 60)
    }
}
