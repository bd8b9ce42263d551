import Foundation
import MediaProbes

#if canImport(Glibc)
import Glibc
#endif

/// `recgate-bench probe`: probing clips in-process against running
/// `ffprobe -v error -show_format -show_streams -of json` once per clip, in the same run, on the same
/// files (in the page cache for both: every clip is read once before timing).
///
/// The clips are generated once with ffmpeg and kept under `--dir`: recorder-like recordings of
/// `--seconds` each at 640x360, a quarter each H.264/AAC MP4 with the index at the end, the same with
/// the index first, HEVC/AAC MP4 and MJPEG/PCM AVI, every clip different (the test pattern's hue).
///
/// The in-process probe does more than ffprobe's: it reads every packet (ffprobe reads only what
/// stream-info detection needs) and walks the MP4 boxes and sample tables.
enum ProbeBenchmark: Benchmark {
    static let name = "probe"
    static let summary = "MediaProbe in-process vs one ffprobe process per clip"

    static let help = """
        usage: recgate-bench probe [--clips N] [--seconds S] [--repeat N] [--dir DIR] [--ffprobe PATH]

          --clips N     clips to probe (default 100)
          --seconds S   length of each generated clip (default 10)
          --repeat N    time each side N times, alternating, and keep the best (default 3)
          --dir DIR     where generated clips are kept (default .build/bench-fixtures/probe)
          --ffprobe P   ffprobe executable (default: ffprobe on PATH)

        Target: the in-process probe at least 10x faster than ffprobe.
        Exit status is 0 whether the target is met or missed; the report says which.

        """

    static let target = 10.0

    static func run(arguments: [String]) throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help, terminator: "")
            return
        }
        let options = try parseOptions(arguments, known: ["clips", "seconds", "repeat", "dir", "ffprobe"], command: name)
        guard let clips = Int(options["clips"] ?? "100"), clips > 0 else { throw UsageError(description: "--clips needs a positive whole number") }
        guard let seconds = Int(options["seconds"] ?? "10"), seconds > 0 else { throw UsageError(description: "--seconds needs a positive whole number") }
        guard let repeats = Int(options["repeat"] ?? "3"), repeats > 0 else { throw UsageError(description: "--repeat needs a positive whole number") }
        let folder = options["dir"] ?? ".build/bench-fixtures/probe"
        guard let ffprobe = which(options["ffprobe"] ?? "ffprobe")?.path else { throw UsageError(description: "ffprobe is not installed") }

        let files = try generate(count: clips, seconds: seconds, folder: folder)
        let bytes = files.reduce(Int64(0)) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int64) ?? 0) }
        print("recgate-bench probe: \(clips) clips of \(seconds) s (\(fixed(Double(bytes) / 1e6, 1)) MB) in \(folder), best of \(repeats)")

        // Warm-up: every file in the page cache, every library loaded, for both sides.
        for file in files {
            let facts = try MediaProbe.probe(path: file)
            guard facts.integrity == .ok else { throw UsageError(description: "\(file) is \(facts.integrity.rawValue): \(facts.integrityNotes)") }
        }
        _ = try spawnAndWait(ffprobe, ["-v", "error", "-show_format", "-show_streams", "-of", "json", files[0]])

        var ours = Double.infinity, deep = Double.infinity, theirs = Double.infinity
        for _ in 0..<repeats {
            theirs = min(theirs, try time {
                for file in files {
                    let status = try spawnAndWait(ffprobe, ["-v", "error", "-show_format", "-show_streams", "-of", "json", file])
                    guard status == 0 else { throw UsageError(description: "ffprobe \(file) exited \(status)") }
                }
            })
            ours = min(ours, try time {
                for file in files { blackHole(try MediaProbe.probe(path: file)) }
            })
        }
        deep = try time {
            for file in files { blackHole(try MediaProbe.probe(path: file, deep: true)) }
        }

        let ratio = theirs / ours
        print("")
        print("contender".padding(to: 44) + "total s".leftPadding(to: 10) + "ms/clip".leftPadding(to: 10))
        for (label, value) in [("recgate MediaProbe.probe (in-process)", ours),
                               ("ffprobe -show_format -show_streams (process)", theirs),
                               ("recgate MediaProbe.probe deep (decodes all)", deep)] {
            print(label.padding(to: 44) + fixed(value, 3).leftPadding(to: 10) + fixed(value / Double(clips) * 1000, 2).leftPadding(to: 10))
        }
        print("")
        print("speed-up: \(fixed(ratio, 1))x (target >= \(fixed(target, 0))x): \(ratio >= target ? "PASS" : "MISS")")
        print("(the in-process probe also reads every packet and walks the MP4 boxes; ffprobe reads headers only)")
    }

    /// Seconds `body` takes.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let (s, attoseconds) = start.duration(to: clock.now).components
        return Double(s) + Double(attoseconds) * 1e-18
    }

    /// The clips, generated on first use (a kind per quarter, each with its own hue), as paths.
    static func generate(count: Int, seconds: Int, folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard let ffmpeg = which("ffmpeg") else { throw UsageError(description: "ffmpeg is not installed") }
        let kinds: [(ext: String, args: [String])] = [
            ("mp4", ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k"]),
            ("mp4", ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart"]),
            ("mp4", ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k"]),
            ("avi", ["-c:v", "mjpeg", "-q:v", "8", "-pix_fmt", "yuvj420p", "-c:a", "pcm_s16le"]),
        ]
        var files: [String] = []
        var made = 0
        for i in 0..<count {
            let kind = kinds[i % kinds.count]
            let path = "\(folder)/clip-\(seconds)s-\(String(format: "%03d", i)).\(kind.ext)"
            files.append(path)
            if FileManager.default.fileExists(atPath: path) { continue }
            if made == 0 { print("generating clips in \(folder) (once)…") }
            let partial = path + ".partial"
            let status = try spawnAndWait(ffmpeg.path, [
                "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=\(seconds),hue=h=\(i * 37 % 360)",
                "-f", "lavfi", "-i", "sine=frequency=\(300 + i * 7):sample_rate=48000:duration=\(seconds)",
                "-map", "0:v", "-map", "1:a",
            ] + kind.args + ["-f", kind.ext == "avi" ? "avi" : "mp4", partial])
            guard status == 0, rename(partial, path) == 0 else { throw UsageError(description: "ffmpeg could not make \(path)") }
            made += 1
        }
        return files
    }

    static func which(_ name: String) -> URL? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        return nil
    }

    /// Runs `executable` with its output to /dev/null and waits: posix_spawn and waitpid, the least a
    /// script's shell would do, so the process start measured is ffprobe's and not Foundation's.
    static func spawnAndWait(_ executable: String, _ args: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArgs = ([executable] + args).map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, executable, &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw UsageError(description: "cannot start \(executable): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw UsageError(description: "waitpid failed") }
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
