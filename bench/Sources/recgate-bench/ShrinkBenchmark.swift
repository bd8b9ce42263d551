import Foundation
import Media

/// `recgate-bench shrink`: the proxy's picture shrink (1080p to 360p, a third each way) by `BoxShrinker`
/// against swscale's area and bicubic scalers on the same picture, one thread each, CPU time per picture.
enum ShrinkBenchmark: Benchmark {
    static let name = "shrink"
    static let summary = "1080p to 360p picture shrink: BoxShrinker vs swscale (area, bicubic)"
    static let help = """
        usage: recgate-bench shrink [--pictures N]

          --pictures N   pictures shrunk by each (default 2000), best of 3 alternating rounds

        The picture is 1920x1080 yuv420p of seeded random bytes; each scaler makes 640x360 yuv420p on one
        thread. Target: BoxShrinker faster than swscale's area scaler. (In a proxy the gain is larger than
        here: the picture is read right after decoding, and swscale's path costs more on it.)

        """

    static func run(arguments: [String]) throws {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help, terminator: "")
            return
        }
        let options = try parseOptions(arguments, known: ["pictures"], command: name)
        guard let count = Int(options["pictures"] ?? "2000"), count > 0 else {
            throw UsageError(description: "--pictures needs a positive whole number")
        }
        let source = Scaler.Geometry(width: 1920, height: 1080, pixelFormat: .yuv420p)
        let target = Scaler.Geometry(width: 640, height: 360, pixelFormat: .yuv420p)
        var picture = try Frame()
        picture.width = source.width
        picture.height = source.height
        picture.pixelFormat = source.pixelFormat
        try picture.allocateBuffers()
        var state: UInt64 = 0x5eed
        for plane in 0..<3 {
            picture.withUnsafeMutablePlane(plane) { data, stride in
                for offset in 0..<(stride * (plane == 0 ? source.height : source.height / 2)) {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    data!.storeBytes(of: UInt8(truncatingIfNeeded: state >> 56), toByteOffset: offset, as: UInt8.self)
                }
            }
        }
        guard let shrinker = BoxShrinker(from: source, to: target) else { throw UsageError(description: "BoxShrinker declined 1080p to 360p") }
        let area = try Scaler(from: source, to: target, quality: .area, threads: 1)
        let bicubic = try Scaler(from: source, to: target, quality: .bicubic, threads: 1)
        var output = try Frame()
        var best = (box: Double.infinity, area: Double.infinity, bicubic: Double.infinity)
        for round in 0..<3 {
            var runs: [(String, () throws -> Void)] = [
                ("box", { try shrinker.scale(picture, into: &output) }),
                ("area", { try area.scale(picture, into: &output) }),
                ("bicubic", { try bicubic.scale(picture, into: &output) }),
            ]
            if round % 2 == 1 { runs.reverse() }
            for (label, body) in runs {
                let timing = try MediaBench.measure { for _ in 0..<count { try body() } }
                let perPicture = timing.cpu * 1000 / Double(count)
                switch label {
                case "box": best.box = min(best.box, perPicture)
                case "area": best.area = min(best.area, perPicture)
                default: best.bicubic = min(best.bicubic, perPicture)
                }
            }
        }
        print("recgate-bench shrink: 1920x1080 to 640x360 yuv420p, \(count) pictures, one thread, best of 3")
        print("  BoxShrinker      \(fixed(best.box, 3)) ms a picture")
        print("  swscale area     \(fixed(best.area, 3)) ms a picture (ratio \(fixed(best.box / best.area, 2)))")
        print("  swscale bicubic  \(fixed(best.bicubic, 3)) ms a picture (ratio \(fixed(best.box / best.bicubic, 2)))")
        print(best.box < best.area ? "target met" : "target missed")
    }
}
