import Foundation
import Media

/// `recgate-bench proxy`: a review proxy of a 1080p30 clip made in-process (hashing its output and
/// fsyncing it, as recgate always does) against the ffmpeg command with the same settings, in the same
/// run.
enum ProxyBenchmark: Benchmark {
    static let name = "proxy"
    static let summary = "review proxy of a 1080p30 clip vs ffmpeg with the same settings"

    static let help = """
        usage: recgate-bench proxy [--seconds N] [--repeat N] [--ffmpeg PATH]
                                   [--decoder-threads N] [--scaler-threads N] [--encoder-threads N]

          --seconds N   length of the generated 1080p30 source clip (default 60; cached in .build/bench)
          --repeat N    run each side N times, alternating which goes first, and keep the best (default 3)
          --ffmpeg P    ffmpeg executable (default: ffmpeg on PATH)
          --decoder-threads, --scaler-threads, --encoder-threads N
                        recgate's thread counts (default 0: automatic), to compare settings

        ffmpeg runs: -i SRC -vf scale=640:360 -c:v libx264 -preset veryfast -crf 28 -c:a aac -b:a 64k
        -movflags +faststart OUT. recgate runs ProxyTranscoder with its defaults (the same), plus SHA-256
        of the output and fsync. Target: time ratio recgate/ffmpeg <= 1.0.

        """

    static func run(arguments: [String]) throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help, terminator: "")
            return
        }
        let options = try parseOptions(
            arguments, known: ["seconds", "repeat", "ffmpeg", "decoder-threads", "scaler-threads", "encoder-threads"], command: name)
        guard let seconds = Int(options["seconds"] ?? "60"), seconds >= 1 else {
            throw UsageError(description: "--seconds needs a positive whole number")
        }
        guard let repeats = Int(options["repeat"] ?? "3"), repeats > 0 else {
            throw UsageError(description: "--repeat needs a positive whole number")
        }
        let ffmpeg = options["ffmpeg"] ?? "ffmpeg"
        MediaBench.quiet()
        let source = try MediaBench.sourceClip(seconds: seconds, ffmpeg: ffmpeg)
        let theirsOut = MediaBench.folder.appendingPathComponent("proxy-ffmpeg.mp4")
        let oursOut = MediaBench.folder.appendingPathComponent("proxy-recgate.mp4")
        var settings = ProxySettings()
        for (option, path) in [("decoder-threads", \ProxySettings.decoderThreads), ("scaler-threads", \.scalerThreads),
                               ("encoder-threads", \.encoderThreads)] {
            guard let text = options[option] else { continue }
            guard let count = Int(text), count >= 0 else { throw UsageError(description: "--\(option) needs a whole number") }
            settings[keyPath: path] = count
        }

        print("recgate-bench proxy: \(source.lastPathComponent) (\(MediaBench.size(source) / 1_000_000) MB) "
            + "to \(settings.boxWidth)x\(settings.boxHeight), best of \(repeats), alternating")
        var best = (ours: MediaBench.Timing(wall: .infinity, cpu: 0), theirs: MediaBench.Timing(wall: .infinity, cpu: 0))
        var digest = ""
        for round in 0..<repeats {
            func ffmpegRun() throws {
                MediaBench.remove(theirsOut)
                var timing = MediaBench.Timing(wall: 0, cpu: 0)
                let status = try MediaBench.spawn(ffmpeg, [
                    "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", source.path,
                    "-vf", "scale=\(settings.boxWidth):\(settings.boxHeight)", "-c:v", "libx264", "-preset", settings.preset,
                    "-crf", "\(settings.crf)", "-c:a", "aac", "-b:a", "\(settings.audioBitRate / 1000)k",
                    "-movflags", "+faststart", theirsOut.path,
                ], timing: &timing)
                guard status == 0 else { throw UsageError(description: "\(ffmpeg) exited \(status)") }
                if timing.wall < best.theirs.wall { best.theirs = timing }
            }
            func recgateRun() throws {
                MediaBench.remove(oursOut)
                let timing = try MediaBench.measure {
                    digest = try ProxyTranscoder.transcode(source: source.path, to: oursOut.path, settings: settings).sha256
                }
                if timing.wall < best.ours.wall { best.ours = timing }
            }
            if round % 2 == 0 {
                try ffmpegRun()
                try recgateRun()
            } else {
                try recgateRun()
                try ffmpegRun()
            }
            print("  round \(round + 1): recgate \(fixed(best.ours.wall, 2)) s, ffmpeg \(fixed(best.theirs.wall, 2)) s (best so far)")
        }
        // Both proxies decode to as many frames as the source: the proxy keeps every picture (no frame
        // invented or dropped), and so must the peer for its time to compare.
        let sourceFrames = try OutputCheck.decodedVideoFrames(source)
        let ourFrames = try OutputCheck.decodedVideoFrames(oursOut)
        let theirFrames = try OutputCheck.decodedVideoFrames(theirsOut)
        try OutputCheck.require(sourceFrames > 0, "the source \(source.path) decodes to no frames")
        try OutputCheck.require(ourFrames == sourceFrames,
                                "recgate's proxy decodes to \(ourFrames) frames, the source to \(sourceFrames)")
        try OutputCheck.require(theirFrames == sourceFrames,
                                "ffmpeg's proxy decodes to \(theirFrames) frames, the source to \(sourceFrames)")
        try OutputCheck.require(MediaBench.sha256(oursOut) == digest,
                                "recgate's proxy on disk does not have the SHA-256 it reported (\(digest))")
        print("outputs checked: \(sourceFrames) frames decoded from the source, from recgate's proxy and from ffmpeg's; "
            + "recgate's proxy has the SHA-256 it reported")

        print("")
        print(MediaBench.header)
        let (line, pass) = MediaBench.row("proxy 1080p30 \(seconds) s", ours: best.ours, theirs: best.theirs, target: 1.0)
        print(line)
        print("")
        print("outputs: recgate \(MediaBench.size(oursOut)) bytes (sha256 \(digest.prefix(16))…, hashed before it was published), "
            + "ffmpeg \(MediaBench.size(theirsOut)) bytes")
        print(pass ? "target met" : "target missed")
    }
}
