import Foundation
import Media

/// `recgate-bench proxy`: review proxies of a 1080p30 H.264 clip and a 1080p30 HEVC clip made in-process
/// (hashing and fsyncing the output, as recgate always does) against the usual ffmpeg command with the
/// same output size, codec and CRF, in the same run, with the picture quality of both judged by ffmpeg's
/// `ssim` filter against the source scaled to the proxy's size.
enum ProxyBenchmark: Benchmark {
    static let name = "proxy"
    static let summary = "review proxies (1080p30 H.264 and HEVC) vs ffmpeg: time and SSIM"

    static let help = """
        usage: recgate-bench proxy [--seconds N] [--repeat N] [--codec h264|hevc|h264-60|both|all] [--one-by-one yes]
                                   [--scaling S] [--tuning T]
                                   [--ffmpeg PATH] [--decoder-threads N] [--scaler-threads N] [--encoder-threads N]

          --seconds N       length of the generated 1080p30 source clips (default 60; cached in .build/bench)
          --repeat N        run each side N times, alternating which goes first, and keep the best (default 3)
          --codec C         the source clips: h264, hevc, h264-60 (1080p60, proxies at 30 fps), both
                            (h264 and hevc: the targets' clips; the default) or all
          --one-by-one yes  also time the plain settings (as ffmpeg's command) with each of recgate's choices
                            added alone, each with its SSIM: how every choice was measured
          --scaling S       recgate's scaler (area, bicubic, bilinear, fast-bilinear, lanczos; default: matched)
          --tuning T        recgate's libx264 options (x264-params syntax; default ProxySettings': me=dia:subme=0:bframes=0:partitions=none)
          --ffmpeg P        ffmpeg executable (default: ffmpeg on PATH)
          --decoder-threads, --scaler-threads, --encoder-threads N
                            recgate's thread counts (default 0: one per core this process may use)

        ffmpeg runs: -i SRC -vf scale=640:360 -c:v libx264 -preset veryfast -crf 28 -c:a aac -b:a 64k
        -movflags +faststart OUT (for the 60 fps clip -vf fps=30,scale=640:360: the same 30 fps the proxy
        keeps, and SSIM against the source brought to 30 fps). recgate runs ProxyTranscoder with its defaults (the same size, codec,
        preset and CRF), plus SHA-256 of the output and fsync. SSIM: ffmpeg's ssim filter, each proxy
        against the source scaled to 640x360 with lanczos. Targets: time ratio recgate/ffmpeg <= 0.5,
        recgate's SSIM no more than 0.01 below ffmpeg's.

        """

    static let ratioTarget = 0.5
    static let ssimTolerance = 0.01

    static func run(arguments: [String]) throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help, terminator: "")
            return
        }
        let options = try parseOptions(
            arguments, known: ["seconds", "repeat", "codec", "one-by-one", "scaling", "tuning", "ffmpeg", "decoder-threads", "scaler-threads", "encoder-threads"],
            command: name)
        guard let seconds = Int(options["seconds"] ?? "60"), seconds >= 1 else {
            throw UsageError(description: "--seconds needs a positive whole number")
        }
        guard let repeats = Int(options["repeat"] ?? "3"), repeats > 0 else {
            throw UsageError(description: "--repeat needs a positive whole number")
        }
        let codecs: [MediaBench.SourceCodec]
        switch options["codec"] ?? "both" {
        case "both": codecs = [.h264, .hevc]
        case "all": codecs = MediaBench.SourceCodec.allCases
        case let name: codecs = try [MediaBench.SourceCodec(rawValue: name).orThrow(UsageError(description: "--codec is h264, hevc, h264-60, both (h264 and hevc) or all"))]
        }
        let oneByOne = options["one-by-one"].map { ["yes", "true", "1"].contains($0) } ?? false
        let ffmpeg = options["ffmpeg"] ?? "ffmpeg"
        var settings = ProxySettings()
        for (option, path) in [("decoder-threads", \ProxySettings.decoderThreads), ("scaler-threads", \.scalerThreads),
                               ("encoder-threads", \.encoderThreads)] {
            guard let text = options[option] else { continue }
            guard let count = Int(text), count >= 0 else { throw UsageError(description: "--\(option) needs a whole number") }
            settings[keyPath: path] = count
        }
        if let name = options["scaling"] {
            let choices: [String: Scaler.Quality] = [
                "area": .area, "bicubic": .bicubic, "bilinear": .bilinear, "fast-bilinear": .fastBilinear, "lanczos": .lanczos,
            ]
            settings.scaling = try choices[name].orThrow(UsageError(description: "--scaling is one of \(choices.keys.sorted().joined(separator: ", "))"))
        }
        if let tuning = options["tuning"] { settings.encoderTuning = tuning }
        MediaBench.quiet()

        var rows: [String] = []
        var allPass = true
        for codec in codecs {
            let source = try MediaBench.sourceClip(seconds: seconds, codec: codec, ffmpeg: ffmpeg)
            let result = try compare(source: source, codec: codec, settings: settings, repeats: repeats, ffmpeg: ffmpeg)
            rows.append(result.line)
            allPass = allPass && result.pass
            if oneByOne { try measureOneByOne(source: source, codec: codec, ffmpeg: ffmpeg) }
        }
        print("")
        print(header)
        rows.forEach { print($0) }
        print("")
        print(allPass ? "target met" : "target missed")
    }

    static let header = "".padding(to: 24) + "recgate".leftPadding(to: 9) + "ffmpeg".leftPadding(to: 9)
        + "ratio".leftPadding(to: 7) + "SSIM recgate".leftPadding(to: 14) + "SSIM ffmpeg".leftPadding(to: 13)
        + "   target: ratio <= \(fixed(ratioTarget, 2)), SSIM >= ffmpeg's - \(fixed(ssimTolerance, 2))"

    /// Best-of-`repeats` times of recgate's proxy and ffmpeg's, alternating, then the outputs checked and
    /// their SSIM measured.
    static func compare(
        source: URL, codec: MediaBench.SourceCodec, settings: ProxySettings, repeats: Int, ffmpeg: String
    ) throws -> (line: String, pass: Bool) {
        let theirsOut = MediaBench.folder.appendingPathComponent("proxy-\(codec.rawValue)-ffmpeg.mp4")
        let oursOut = MediaBench.folder.appendingPathComponent("proxy-\(codec.rawValue)-recgate.mp4")
        let keptRate = codec.frameRate > 30 ? 30 : nil
        print("recgate-bench proxy: \(source.lastPathComponent) (\(codec.rawValue), \(MediaBench.size(source) / 1_000_000) MB) "
            + "to \(settings.boxWidth)x\(settings.boxHeight), best of \(repeats), alternating")
        var best = (ours: MediaBench.Timing(wall: .infinity, cpu: 0), theirs: MediaBench.Timing(wall: .infinity, cpu: 0))
        var digest = ""
        for round in 0..<repeats {
            func ffmpegRun() throws {
                let timing = try runFFmpeg(source: source, to: theirsOut, settings: settings, frameRate: keptRate, ffmpeg: ffmpeg)
                if timing.wall < best.theirs.wall { best.theirs = timing }
            }
            func recgateRun() throws {
                let (timing, sha256) = try runRecgate(source: source, to: oursOut, settings: settings)
                digest = sha256
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
        // Both proxies decode to as many frames as the source (or, at a capped rate, as many as that rate
        // gives, within two): no frame invented or dropped, for the times to compare and the SSIM pairing.
        let sourceFrames = try OutputCheck.decodedVideoFrames(source)
        let expected = keptRate.map { sourceFrames * $0 / codec.frameRate } ?? sourceFrames
        let ourFrames = try OutputCheck.decodedVideoFrames(oursOut)
        let theirFrames = try OutputCheck.decodedVideoFrames(theirsOut)
        try OutputCheck.require(sourceFrames > 0, "the source \(source.path) decodes to no frames")
        try OutputCheck.require(abs(ourFrames - expected) <= (keptRate == nil ? 0 : 2),
                                "recgate's proxy decodes to \(ourFrames) frames, expected \(expected)")
        try OutputCheck.require(abs(theirFrames - expected) <= (keptRate == nil ? 0 : 2),
                                "ffmpeg's proxy decodes to \(theirFrames) frames, expected \(expected)")
        try OutputCheck.require(MediaBench.sha256(oursOut) == digest,
                                "recgate's proxy on disk does not have the SHA-256 it reported (\(digest))")
        let ourSSIM = try OutputCheck.ssim(
            of: oursOut, against: source, width: settings.boxWidth, height: settings.boxHeight, frameRate: keptRate, ffmpeg: ffmpeg)
        let theirSSIM = try OutputCheck.ssim(
            of: theirsOut, against: source, width: settings.boxWidth, height: settings.boxHeight, frameRate: keptRate, ffmpeg: ffmpeg)
        print("  outputs checked: \(ourFrames) and \(theirFrames) frames of \(sourceFrames); recgate's proxy has the SHA-256 it reported; "
            + "sizes: recgate \(MediaBench.size(oursOut)) bytes, ffmpeg \(MediaBench.size(theirsOut)) bytes")

        let ratio = best.ours.wall / best.theirs.wall
        let pass = ratio <= ratioTarget && ourSSIM >= theirSSIM - ssimTolerance
        let line = "proxy \(codec == .h264At60 ? "h264 1080p60" : "\(codec.rawValue) 1080p30")".padding(to: 24) + (fixed(best.ours.wall, 2) + " s").leftPadding(to: 9)
            + (fixed(best.theirs.wall, 2) + " s").leftPadding(to: 9) + fixed(ratio, 3).leftPadding(to: 7)
            + fixed(ourSSIM, 4).leftPadding(to: 14) + fixed(theirSSIM, 4).leftPadding(to: 13)
            + "   \(pass ? "PASS" : "MISS") (cpu \(fixed(best.ours.cpu, 1)) s vs \(fixed(best.theirs.cpu, 1)) s)"
        return (line, pass)
    }

    /// recgate's choices, each added alone to the plain settings (what ffmpeg's command does), then all
    /// together: time, CPU and SSIM of each, one run apiece.
    static func measureOneByOne(source: URL, codec: MediaBench.SourceCodec, ffmpeg: String) throws {
        let plain = ProxySettings.plain
        let defaults = ProxySettings()
        var variants: [(String, ProxySettings)] = [("plain (as ffmpeg's command)", plain)]
        var loop = plain
        loop.skipLoopFilter = true
        variants.append(("+ loop filter skipped", loop))
        var threads = plain
        threads.decoderThreads = ProxySettings.availableCores
        threads.encoderThreads = ProxySettings.availableCores
        variants.append(("+ threads = cores (\(ProxySettings.availableCores))", threads))
        var scaling = plain
        scaling.scaling = nil
        variants.append(("+ scaler matched (area)", scaling))
        var tuning = plain
        tuning.encoderTuning = defaults.encoderTuning
        variants.append(("+ x264 \(defaults.encoderTuning)", tuning))
        var audio = plain
        audio.copyPlayableAudio = true
        variants.append(("+ AAC copied", audio))
        variants.append(("all (the defaults)", defaults))

        let out = MediaBench.folder.appendingPathComponent("proxy-\(codec.rawValue)-variant.mp4")
        print("  one by one (\(codec.rawValue)), one run each:")
        for (label, settings) in variants {
            let (timing, _) = try runRecgate(source: source, to: out, settings: settings)
            let ssim = try OutputCheck.ssim(of: out, against: source, width: settings.boxWidth, height: settings.boxHeight, ffmpeg: ffmpeg)
            print("    " + label.padding(to: 34) + (fixed(timing.wall, 2) + " s").leftPadding(to: 9)
                + ("cpu " + fixed(timing.cpu, 1) + " s").leftPadding(to: 12) + ("SSIM " + fixed(ssim, 4)).leftPadding(to: 13)
                + ("\(MediaBench.size(out)) bytes").leftPadding(to: 16))
        }
    }

    static func runFFmpeg(
        source: URL, to output: URL, settings: ProxySettings, frameRate: Int? = nil, ffmpeg: String
    ) throws -> MediaBench.Timing {
        MediaBench.remove(output)
        var timing = MediaBench.Timing(wall: 0, cpu: 0)
        let status = try MediaBench.spawn(ffmpeg, [
            "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", source.path,
            "-vf", (frameRate.map { "fps=\($0)," } ?? "") + "scale=\(settings.boxWidth):\(settings.boxHeight)", "-c:v", "libx264", "-preset", settings.preset,
            "-crf", "\(settings.crf)", "-c:a", "aac", "-b:a", "\(settings.audioBitRate / 1000)k",
            "-movflags", "+faststart", output.path,
        ], timing: &timing)
        guard status == 0 else { throw UsageError(description: "\(ffmpeg) exited \(status)") }
        return timing
    }

    static func runRecgate(source: URL, to output: URL, settings: ProxySettings) throws -> (MediaBench.Timing, String) {
        MediaBench.remove(output)
        var digest = ""
        let timing = try MediaBench.measure {
            digest = try ProxyTranscoder.transcode(source: source.path, to: output.path, settings: settings).sha256
        }
        return (timing, digest)
    }
}

private extension Optional {
    func orThrow(_ error: @autoclosure () -> some Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
