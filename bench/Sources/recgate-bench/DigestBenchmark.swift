import Digest
import Foundation

/// `recgate-bench digest`: our SHA-256 and SM3 against `openssl speed` in the same run, and the
/// parallel gain of MultiDigest.
///
/// The single-algorithm rows hash 16 KiB blocks one-shot (init, update, final per block) because that
/// is what `openssl speed -evp <alg> -bytes 16384` measures, and divide by the CPU time of the hashing
/// thread because openssl speed divides by user CPU time (unless given -elapsed): so time the machine
/// spends on other work counts against neither side. The MultiDigest rows stream 1 MiB chunks, the
/// chunk size of an offload, and use wall time, since what they show is two threads finishing sooner.
///
/// Every figure is the best of `--repeat` runs (default 3), ours and openssl's alternating: on a
/// shared machine a single run mostly measures the neighbours (we saw the same code swing between
/// 240 and 387 MB/s within one process), while the best of a few estimates each side's uncontended
/// speed and alternation exposes both sides to the same conditions.
enum DigestBenchmark: Benchmark {
    static let name = "digest"
    static let summary = "SHA-256 and SM3 throughput vs openssl speed; MultiDigest parallel gain"

    static let help = """
        usage: recgate-bench digest [--seconds N] [--repeat N] [--openssl PATH]

          --seconds N   time per measurement, for ours and for openssl (default 3)
          --repeat N    measure each side N times, alternating, and keep the best (default 3)
          --openssl P   openssl executable (default: openssl on PATH)

        Targets: SHA-256 >= 90 % of openssl, SM3 >= 100 % of openssl (16 KiB blocks).
        Exit status is 0 whether targets are met or missed; the table says which.

        """

    struct Row {
        var algorithm: DigestAlgorithm
        var target: Double
        var ours: Double
        var openssl: Result<Double, UsageError>
    }

    static func run(arguments: [String]) throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help, terminator: "")
            return
        }
        let options = try parseOptions(arguments, known: ["seconds", "repeat", "openssl"], command: name)
        guard let seconds = Int(options["seconds"] ?? "3"), seconds > 0 else {
            throw UsageError(description: "--seconds needs a positive whole number")
        }
        guard let repeats = Int(options["repeat"] ?? "3"), repeats > 0 else {
            throw UsageError(description: "--repeat needs a positive whole number")
        }
        let openssl = options["openssl"] ?? "openssl"
        let blockSize = 16 * 1024

        print("recgate-bench digest: \(blockSize / 1024) KiB blocks, \(seconds) s per measurement, best of \(repeats)")
        // Both sides are timed on a machine other work may share; the load says how far to trust them.
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            let fields = load.split(separator: " ").prefix(3).joined(separator: " ")
            print("load average before the run: \(fields) (\(ProcessInfo.processInfo.activeProcessorCount) CPUs)")
        }
        print("")

        try checkAgainstOpenSSL(openssl)

        var rows: [Row] = []
        for (algorithm, target) in [(DigestAlgorithm.sha256, 0.90), (.sm3, 1.00)] {
            var best = Row(algorithm: algorithm, target: target, ours: 0, openssl: .success(0))
            for _ in 0..<repeats {
                let theirs = OpenSSLSpeed.measure(
                    algorithm: algorithm.rawValue, blockSize: blockSize, seconds: seconds, executable: openssl)
                switch (theirs, best.openssl) {
                case (.success(let new), .success(let old)): best.openssl = .success(max(new, old))
                default: best.openssl = theirs
                }
                best.ours = max(best.ours, oneShot(algorithm, blockSize: blockSize, seconds: Double(seconds)).cpu)
            }
            rows.append(best)
        }
        printTable(rows)
        print("")
        multiDigestReport(seconds: Double(seconds), repeats: repeats)
    }

    /// The engines timed must give the right digests: the benchmark's block, and a streamed MiB of varied
    /// bytes through MultiDigest, against `openssl dgst` of the same bytes. A wrong digest stops the benchmark.
    static func checkAgainstOpenSSL(_ openssl: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recgate-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let block = [UInt8](repeating: 0xa5, count: 16 * 1024)
        let varied = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        let streamed = MultiDigest([.sha256, .sm3])
        varied.withUnsafeBytes { bytes in
            for offset in stride(from: 0, to: bytes.count, by: 100_000) {
                streamed.update(UnsafeRawBufferPointer(rebasing: bytes[offset..<min(offset + 100_000, bytes.count)]))
            }
        }
        let streamedSet = streamed.finalize()
        for (name, bytes) in [("block", block), ("varied", varied)] {
            let file = folder.appendingPathComponent(name)
            try Data(bytes).write(to: file)
            for algorithm in [DigestAlgorithm.sha256, .sm3] {
                let line = try OutputCheck.capture(openssl, ["dgst", "-\(algorithm.rawValue)", "-r", file.path])
                let theirs = String(line.prefix { $0 != " " })
                let ours = hex(algorithm == .sm3 ? SM3.hash(data: bytes) : algorithm.hash(data: bytes))
                try OutputCheck.require(ours == theirs, "\(algorithm.rawValue) of the \(name) bytes: recgate \(ours), openssl \(theirs)")
                if name == "varied" {
                    try OutputCheck.require(streamedSet[algorithm] == theirs,
                                            "MultiDigest \(algorithm.rawValue), streamed: \(streamedSet[algorithm] ?? "none"), openssl \(theirs)")
                }
            }
        }
        print("digests checked against openssl dgst (SHA-256, SM3; one-shot and MultiDigest streamed)")
    }

    /// Bytes per second hashing `blockSize`-byte blocks, one complete digest per block.
    static func oneShot(_ algorithm: DigestAlgorithm, blockSize: Int, seconds: Double) -> Rates {
        let block = [UInt8](repeating: 0xa5, count: blockSize)
        switch algorithm {
        case .sha256:
            return throughput(seconds: seconds, bytesPerCall: blockSize) {
                blackHole(DigestAlgorithm.sha256.hash(data: block))
            }
        case .sm3:
            return throughput(seconds: seconds, bytesPerCall: blockSize) {
                blackHole(SM3.hash(data: block))
            }
        }
    }

    static func printTable(_ rows: [Row]) {
        print("algorithm".padding(to: 11) + "recgate MB/s".leftPadding(to: 13) + "openssl MB/s".leftPadding(to: 14)
            + "ratio".leftPadding(to: 8) + "target".leftPadding(to: 9) + "  result")
        var missed: [String] = []
        for row in rows {
            let oursText = fixed(row.ours / 1e6, 1)
            var line = row.algorithm.rawValue.padding(to: 11) + oursText.leftPadding(to: 13)
            switch row.openssl {
            case .success(let theirs):
                let ratio = row.ours / theirs
                let pass = ratio >= row.target
                if !pass { missed.append(row.algorithm.rawValue) }
                line += fixed(theirs / 1e6, 1).leftPadding(to: 14) + fixed(ratio, 3).leftPadding(to: 8)
                    + (">= " + fixed(row.target, 2)).leftPadding(to: 9) + "  " + (pass ? "PASS" : "MISS")
            case .failure(let error):
                missed.append(row.algorithm.rawValue)
                line += "n/a".leftPadding(to: 14) + "n/a".leftPadding(to: 8)
                    + (">= " + fixed(row.target, 2)).leftPadding(to: 9) + "  MISS (\(error))"
            }
            print(line)
        }
        print("(MB/s = 10^6 bytes per second of CPU time on the hashing thread, for both columns)")
        print(missed.isEmpty ? "all targets met" : "targets missed: \(missed.joined(separator: ", "))")
    }

    /// MultiDigest(sha256+sm3) streaming 1 MiB chunks, against each algorithm alone and against
    /// running the two one after the other (the sum of their times).
    static func multiDigestReport(seconds: Double, repeats: Int) {
        let chunkSize = 1 << 20
        let chunk = [UInt8](repeating: 0x5a, count: chunkSize)
        func streaming(_ algorithms: [DigestAlgorithm]) -> Double {
            let digest = MultiDigest(algorithms)
            let rate = chunk.withUnsafeBytes { bytes in
                throughput(seconds: seconds, bytesPerCall: chunkSize) { digest.update(bytes) }.wall
            }
            blackHole(digest.finalize())
            return rate
        }
        func streamingSM3() -> Double {
            var hasher = SM3()
            let rate = chunk.withUnsafeBytes { bytes in
                throughput(seconds: seconds, bytesPerCall: chunkSize) { hasher.update(bytes) }.wall
            }
            blackHole(hasher.finalize())
            return rate
        }
        var (sha256, sm3, both) = (0.0, 0.0, 0.0)
        for _ in 0..<repeats {
            sha256 = max(sha256, streaming([.sha256]))
            sm3 = max(sm3, streamingSM3())
            both = max(both, streaming([.sha256, .sm3]))
        }
        // Hashing the same bytes with one then the other takes the sum of their times per byte.
        let sequential = 1 / (1 / sha256 + 1 / sm3)
        print("MultiDigest, 1 MiB chunks (wall time)")
        let rows: [(String, Double)] = [
            ("sha256 alone", sha256),
            ("sm3 alone", sm3),
            ("sha256 then sm3 (sum of times)", sequential),
            ("MultiDigest sha256+sm3", both),
        ]
        for (label, rate) in rows {
            print("  " + label.padding(to: 32) + (fixed(rate / 1e6, 1) + " MB/s").leftPadding(to: 14))
        }
        print("  speed-up over sequential: \(fixed(both / sequential, 2))x; "
            + "\(fixed(both / min(sha256, sm3) * 100, 0)) % of the slower algorithm alone (the ceiling)")
    }
}
