import Media
import Testing

/// The box shrinker against the plain definition of its output: each pixel the mean of its source block,
/// rounded, on pictures of seeded random bytes (every plane, odd line sizes from FFmpeg's padding).
@Suite struct BoxShrinkerTests {
    /// A yuv420p picture of `width`x`height` filled from a seeded generator.
    static func picture(width: Int, height: Int, seed: UInt64) throws -> Frame {
        var frame = try Frame()
        frame.width = width
        frame.height = height
        frame.pixelFormat = .yuv420p
        try frame.allocateBuffers()
        var state = seed
        for plane in 0..<3 {
            let rows = plane == 0 ? height : height / 2
            let columns = plane == 0 ? width : width / 2
            frame.withUnsafeMutablePlane(plane) { data, stride in
                for y in 0..<rows {
                    for x in 0..<columns {
                        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                        data!.storeBytes(of: UInt8(truncatingIfNeeded: state >> 56), toByteOffset: y * stride + x, as: UInt8.self)
                    }
                }
            }
        }
        return frame
    }

    static func pixel(_ frame: borrowing Frame, plane: Int, x: Int, y: Int) -> Int {
        frame.withUnsafePlane(plane) { data, stride in Int(data!.load(fromByteOffset: y * stride + x, as: UInt8.self)) }
    }

    @Test(arguments: [(1920, 1080, 640, 360), (1280, 720, 640, 360), (960, 544, 240, 136), (100, 60, 50, 30)])
    func everyPixelIsTheRoundedMeanOfItsBlock(_ sizes: (Int, Int, Int, Int)) throws {
        let (width, height, targetWidth, targetHeight) = sizes
        let source = try Self.picture(width: width, height: height, seed: UInt64(width * 31 + height))
        let shrinker = try #require(BoxShrinker(
            from: .init(width: width, height: height, pixelFormat: .yuv420p),
            to: .init(width: targetWidth, height: targetHeight, pixelFormat: .yuv420p)))
        var output = try Frame()
        try shrinker.scale(source, into: &output)
        #expect(output.width == targetWidth && output.height == targetHeight && output.pixelFormat == .yuv420p)
        let (factorX, factorY) = (width / targetWidth, height / targetHeight)
        var mismatches = 0
        for plane in 0..<3 {
            let (columns, rows) = plane == 0 ? (targetWidth, targetHeight) : (targetWidth / 2, targetHeight / 2)
            for y in 0..<rows {
                for x in 0..<columns {
                    var sum = 0
                    for dy in 0..<factorY {
                        for dx in 0..<factorX { sum += Self.pixel(source, plane: plane, x: x * factorX + dx, y: y * factorY + dy) }
                    }
                    let mean = Int((Double(sum) / Double(factorX * factorY)).rounded())
                    if Self.pixel(output, plane: plane, x: x, y: y) != mean { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// Ratios that are not whole, too small, or another pixel layout are left to swscale.
    @Test func declinesWhatItDoesNotHandle() {
        func shrinker(_ width: Int, _ height: Int, _ targetWidth: Int, _ targetHeight: Int, _ format: PixelFormat = .yuv420p) -> BoxShrinker? {
            BoxShrinker(from: .init(width: width, height: height, pixelFormat: format),
                        to: .init(width: targetWidth, height: targetHeight, pixelFormat: .yuv420p))
        }
        #expect(shrinker(1920, 1080, 854, 480) == nil, "not a whole ratio")
        #expect(shrinker(640, 360, 640, 360) == nil, "no shrink")
        #expect(shrinker(1280, 720, 640, 720) == nil, "halving one side only averages two pixels: bicubic does better")
        #expect(shrinker(1920, 1080, 640, 360, .rgb24) == nil, "other layout")
        #expect(shrinker(1920, 1080, 640, 360) != nil)
    }
}
