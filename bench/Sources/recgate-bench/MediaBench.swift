import Foundation
import Logging
import Media

#if canImport(Glibc)
import Glibc
#endif

/// What the media benchmarks share: the cached source clip, timing of a subprocess and of in-process
/// work, and the report line.
enum MediaBench {
    /// `<package root>/.build/bench`, found from this file's place in the package.
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/bench", isDirectory: true)

    /// A 1080p clip of `seconds` from ffmpeg's test sources with AAC sound, made once and cached: H.264
    /// (libx264 fast) at 30 or 60 fps, or HEVC at 30 (libx265 fast, tagged hvc1 as cameras write it). Like ffmpeg's default MP4,
    /// its index is at the end.
    static func sourceClip(seconds: Int, codec: SourceCodec = .h264, ffmpeg: String) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let suffix = codec == .h264 ? "" : "-\(codec.rawValue)"
        let clip = folder.appendingPathComponent("proxy-1080p\(codec.frameRate)-\(seconds)s\(suffix).mp4")
        if FileManager.default.fileExists(atPath: clip.path) { return clip }
        print("making the source clip \(clip.path) (once; one to two minutes per minute of video)")
        let partial = folder.appendingPathComponent(".partial-\(UUID().uuidString).mp4")
        defer { try? FileManager.default.removeItem(at: partial) }
        let video: [String] = switch codec {
        case .h264, .h264At60: ["-c:v", "libx264", "-preset", "fast"]
        case .hevc: ["-c:v", "libx265", "-preset", "fast", "-x265-params", "log-level=error", "-tag:v", "hvc1"]
        }
        let status = try spawn(ffmpeg, [
            "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=\(codec.frameRate):duration=\(seconds)",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=\(seconds)",
            "-map", "0:v", "-map", "1:a"] + video + ["-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "128k", "-f", "mp4", partial.path,
        ])
        guard status == 0 else { throw UsageError(description: "\(ffmpeg) could not make the source clip (exit \(status))") }
        try FileManager.default.moveItem(at: partial, to: clip)
        return clip
    }

    enum SourceCodec: String, CaseIterable {
        case h264, hevc
        /// 1080p60 H.264: a proxy keeps 30 pictures a second of it.
        case h264At60 = "h264-60"

        var frameRate: Int { self == .h264At60 ? 60 : 30 }
    }

    /// FFmpeg's log at errors only, so x264's statistics do not bury the report.
    static func quiet() {
        var logger = Logger(label: "recgate-bench.ffmpeg")
        logger.logLevel = .error
        MediaLog.route(to: logger)
    }

    /// Wall time and CPU time (user + system) of one run.
    struct Timing {
        var wall: Double
        var cpu: Double
    }

    /// Runs `executable` with `arguments` (standard output and error discarded) and returns its exit
    /// status; `timing` gets its wall time and the CPU time of the child.
    @discardableResult
    static func spawn(_ executable: String, _ arguments: [String], timing: UnsafeMutablePointer<Timing>? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let before = childrenCPU()
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        timing?.pointee = Timing(wall: seconds(start.duration(to: .now)), cpu: childrenCPU() - before)
        return process.terminationStatus
    }

    /// Wall time and the process's CPU time of `body`.
    static func measure(_ body: () throws -> Void) rethrows -> Timing {
        let before = ownCPU()
        let start = ContinuousClock.now
        try body()
        return Timing(wall: seconds(start.duration(to: .now)), cpu: ownCPU() - before)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) * 1e-18
    }

    private static func cpu(_ who: __rusage_who_t) -> Double {
        var usage = rusage()
        getrusage(who, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    private static func ownCPU() -> Double { cpu(__rusage_who_t(RUSAGE_SELF.rawValue)) }
    private static func childrenCPU() -> Double { cpu(__rusage_who_t(RUSAGE_CHILDREN.rawValue)) }

    /// Removes `url` if it exists (derived outputs are never replaced, so each run starts clean).
    static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// The SHA-256 of the file at `url`, by `openssl dgst` (an outside tool, not the digest under test).
    static func sha256(_ url: URL) throws -> String {
        let line = try OutputCheck.capture("openssl", ["dgst", "-sha256", "-r", url.path])
        return String(line.prefix { $0 != " " })
    }

    /// The size of the file at `url` in bytes.
    static func size(_ url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// One report row: both times, CPU, the ratio and whether it meets `target`.
    static func row(_ label: String, ours: Timing, theirs: Timing, target: Double) -> (line: String, pass: Bool) {
        let ratio = ours.wall / theirs.wall
        let pass = ratio <= target
        let line = label.padding(to: 30) + (fixed(ours.wall, 2) + " s").leftPadding(to: 10)
            + (fixed(theirs.wall, 2) + " s").leftPadding(to: 10) + fixed(ratio, 3).leftPadding(to: 8)
            + ("<= " + fixed(target, 2)).leftPadding(to: 9) + "  " + (pass ? "PASS" : "MISS")
            + "   (cpu \(fixed(ours.cpu, 1)) s vs \(fixed(theirs.cpu, 1)) s)"
        return (line, pass)
    }

    static let header = "".padding(to: 30) + "recgate".leftPadding(to: 10) + "ffmpeg".leftPadding(to: 10)
        + "ratio".leftPadding(to: 8) + "target".leftPadding(to: 9)
}
