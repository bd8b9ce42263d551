import Foundation
import Media

/// `recgate-bench faststart`: the faststart copy of a 1080p30 clip whose index is at the end, made
/// in-process (hashing it, and fsyncing it as recgate does by default), against
/// `ffmpeg -c copy -movflags +faststart`, in the same run.
enum FaststartBenchmark: Benchmark {
    static let name = "faststart"
    static let summary = "faststart stream copy vs ffmpeg -c copy -movflags +faststart"

    static let help = """
        usage: recgate-bench faststart [--seconds N] [--repeat N] [--ffmpeg PATH]

          --seconds N   length of the generated 1080p30 source clip (default 60; cached in .build/bench)
          --repeat N    run each side N times, alternating which goes first, and keep the best (default 5)
          --ffmpeg P    ffmpeg executable (default: ffmpeg on PATH)

        Rows: recgate as it runs in the gateway (SHA-256 of the output, fsync of file and folder), and
        recgate without the fsync (what ffmpeg does not do either). Target: ratio <= 1.1.

        """

    static func run(arguments: [String]) throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help, terminator: "")
            return
        }
        let options = try parseOptions(arguments, known: ["seconds", "repeat", "ffmpeg"], command: name)
        guard let seconds = Int(options["seconds"] ?? "60"), seconds >= 1 else {
            throw UsageError(description: "--seconds needs a positive whole number")
        }
        guard let repeats = Int(options["repeat"] ?? "5"), repeats > 0 else {
            throw UsageError(description: "--repeat needs a positive whole number")
        }
        let ffmpeg = options["ffmpeg"] ?? "ffmpeg"
        MediaBench.quiet()
        let source = try MediaBench.sourceClip(seconds: seconds, ffmpeg: ffmpeg)
        guard try FaststartRemuxer.isWanted(for: source.path) else {
            throw UsageError(description: "\(source.path) already has its index first")
        }
        let theirsOut = MediaBench.folder.appendingPathComponent("faststart-ffmpeg.mp4")
        let oursOut = MediaBench.folder.appendingPathComponent("faststart-recgate.mp4")

        print("recgate-bench faststart: \(source.lastPathComponent) (\(MediaBench.size(source) / 1_000_000) MB), "
            + "best of \(repeats), alternating")
        let unset = MediaBench.Timing(wall: .infinity, cpu: 0)
        var theirs = unset, durable = unset, plain = unset
        for round in 0..<repeats {
            func ffmpegRun() throws {
                MediaBench.remove(theirsOut)
                var timing = unset
                let status = try MediaBench.spawn(ffmpeg, [
                    "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", source.path, "-map", "0", "-c", "copy",
                    "-movflags", "+faststart", theirsOut.path,
                ], timing: &timing)
                guard status == 0 else { throw UsageError(description: "\(ffmpeg) exited \(status)") }
                if timing.wall < theirs.wall { theirs = timing }
            }
            func recgateRun(durably: Bool) throws {
                MediaBench.remove(oursOut)
                let timing = try MediaBench.measure {
                    try FaststartRemuxer.remux(source: source.path, to: oursOut.path, options: DerivedFileOptions(durable: durably))
                }
                if durably {
                    if timing.wall < durable.wall { durable = timing }
                } else if timing.wall < plain.wall {
                    plain = timing
                }
            }
            // Dirty pages of the run before are written back first, so no run pays for another's.
            sync()
            if round % 2 == 0 {
                try ffmpegRun(); sync()
                try recgateRun(durably: true); sync()
                try recgateRun(durably: false)
            } else {
                try recgateRun(durably: false); sync()
                try recgateRun(durably: true); sync()
                try ffmpegRun()
            }
        }
        // Both copies hold the source's packets, every one unchanged and at its time, and their index is first.
        let sourcePackets = try OutputCheck.packetMD5s(source)
        for (who, copy) in [("recgate", oursOut), ("ffmpeg", theirsOut)] {
            let packets = try OutputCheck.packetMD5s(copy)
            let differ = zip(sourcePackets, packets).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            try OutputCheck.require(packets == sourcePackets,
                                    "\(who)'s faststart copy has \(packets.count) packets, the source \(sourcePackets.count); "
                                    + "first difference at line \(differ.map(String.init) ?? "(one list is a prefix of the other)")")
            try OutputCheck.require(try !FaststartRemuxer.isWanted(for: copy.path), "\(who)'s copy still has its index at the end")
        }
        print("outputs checked: both copies list the source's \(sourcePackets.count) packets with equal MD5s and times "
            + "(ffmpeg -f framemd5), index first")

        print("")
        print(MediaBench.header)
        let (first, pass) = MediaBench.row("faststart copy (sha256+fsync)", ours: durable, theirs: theirs, target: 1.1)
        let (second, _) = MediaBench.row("faststart copy (sha256 only)", ours: plain, theirs: theirs, target: 1.1)
        print(first)
        print(second)
        print("")
        print("outputs: recgate \(MediaBench.size(oursOut)) bytes, ffmpeg \(MediaBench.size(theirsOut)) bytes")
        print(pass ? "target met" : "target missed")
    }
}
