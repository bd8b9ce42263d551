/// Shrinks 8-bit 4:2:0 pictures by whole factors (1920x1080 to 640x360 is three each way): every output
/// pixel is the rounded mean of the block of source pixels it covers, which is what an area scaler
/// computes for such ratios, at a fraction of swscale's time (its area filter runs in plain C).
///
/// Per output row: the `factor.y` source rows are summed in 16-bit lanes (SIMD), runs of `factor.x`
/// neighbours are summed (SIMD, shifted loads) and turned into means by a fixed-point reciprocal (SIMD),
/// and every `factor.x`-th mean is picked. Chroma sits at the same relative place before and after (both 4:2:0), so
/// the planes shrink alike.
public struct BoxShrinker: Sendable {
    public let source: Scaler.Geometry
    public let target: Geometry
    public typealias Geometry = Scaler.Geometry
    let factorX: Int
    let factorY: Int
    /// ceil(2^16 / (factorX * factorY)): with half the block added to its sum first, the rounded mean is
    /// the high 16 bits of the product. Exact for every sum a block of up to 4x4 can have (the
    /// reciprocal's excess times the largest sum stays below 2^16); larger shrinks go to swscale.
    private let reciprocal: UInt32

    /// The largest factor each way.
    static let maximumFactor = 4

    /// A shrinker from `source` to `target`, or nil when this pair is not one it handles: both yuv420p,
    /// each side of the source a whole multiple (1 … 4, at least 4 pixels a block) of the target's, and
    /// chroma dividing alike.
    public init?(from source: Geometry, to target: Geometry) {
        guard source.pixelFormat == .yuv420p, target.pixelFormat == .yuv420p,
              target.width > 0, target.height > 0, target.width % 2 == 0, target.height % 2 == 0,
              source.width % target.width == 0, source.height % target.height == 0
        else { return nil }
        let factorX = source.width / target.width
        let factorY = source.height / target.height
        guard (1...Self.maximumFactor).contains(factorX), (1...Self.maximumFactor).contains(factorY), factorX * factorY >= 4 else { return nil }
        self.source = source
        self.target = target
        self.factorX = factorX
        self.factorY = factorY
        let area = UInt32(factorX * factorY)
        reciprocal = (65536 + area - 1) / area
    }

    /// Shrinks `input` (of the source geometry) into `output`, which gets fresh buffers of the target
    /// geometry, and the input's timestamp.
    public func scale(_ input: borrowing Frame, into output: inout Frame) throws(MediaError) {
        try source.requireMatch(input, call: "BoxShrinker.scale")
        try output.replaceBuffers(with: target)
        // Rows of 16-bit sums: column sums, run sums (padded for the shifted loads), picked sums.
        let lanes = 16
        let padded = (source.width + 2 * lanes + factorX)
        var columns = [UInt16](repeating: 0, count: padded)
        var runs = [UInt16](repeating: 0, count: padded)
        var sums = [UInt16](repeating: 0, count: padded)
        for plane in 0..<3 {
            let width = plane == 0 ? target.width : target.width / 2
            let height = plane == 0 ? target.height : target.height / 2
            input.withUnsafePlane(plane) { from, fromStride in
                output.withUnsafeMutablePlane(plane) { to, toStride in
                    guard let from, let to else { return }
                    columns.withUnsafeMutableBufferPointer { columns in
                        runs.withUnsafeMutableBufferPointer { runs in
                            sums.withUnsafeMutableBufferPointer { sums in
                                shrink(from: from, fromStride: fromStride, to: to, toStride: toStride, width: width, height: height,
                                       columns: columns.baseAddress!, runs: runs.baseAddress!, sums: sums.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        output.pts = input.pts
    }

    /// One plane: `width`x`height` output pixels.
    private func shrink(
        from: UnsafeRawPointer, fromStride: Int, to: UnsafeMutableRawPointer, toStride: Int, width: Int, height: Int,
        columns: UnsafeMutablePointer<UInt16>, runs: UnsafeMutablePointer<UInt16>, sums: UnsafeMutablePointer<UInt16>
    ) {
        typealias Bytes = SIMD16<UInt8>
        typealias Sums = SIMD16<UInt16>
        let lanes = Sums.scalarCount
        let sourceWidth = width * factorX
        // The run sums are made in whole vectors up to here; past `sourceWidth` they read the padding and
        // are never used.
        let rounded = (sourceWidth + lanes - 1) / lanes * lanes
        let columnsRaw = UnsafeMutableRawPointer(columns)
        let runsRaw = UnsafeMutableRawPointer(runs)
        let sumsRaw = UnsafeMutableRawPointer(sums)
        let half = Sums(repeating: UInt16(factorX * factorY / 2))
        let reciprocal = SIMD16<UInt32>(repeating: self.reciprocal)
        let factorX = self.factorX
        let factorY = self.factorY
        for y in 0..<height {
            // Column sums of the block's rows: whole vectors, then the columns left one by one.
            let top = from + y * factorY * fromStride
            var x = 0
            while x + lanes <= sourceWidth {
                var sum = Sums(truncatingIfNeeded: (top + x).loadUnaligned(as: Bytes.self))
                for row in 1..<factorY {
                    sum &+= Sums(truncatingIfNeeded: (top + row * fromStride + x).loadUnaligned(as: Bytes.self))
                }
                (columnsRaw + x * 2).storeBytes(of: sum, as: Sums.self)
                x += lanes
            }
            while x < sourceWidth {
                var sum: UInt16 = 0
                for row in 0..<factorY { sum &+= UInt16(top.load(fromByteOffset: row * fromStride + x, as: UInt8.self)) }
                columns[x] = sum
                x += 1
            }
            // Sums of `factorX` neighbours starting at each column.
            x = 0
            while x < rounded {
                var sum = (columnsRaw + x * 2).loadUnaligned(as: Sums.self)
                for shift in 1..<factorX {
                    sum &+= (columnsRaw + (x + shift) * 2).loadUnaligned(as: Sums.self)
                }
                (runsRaw + x * 2).storeBytes(of: sum, as: Sums.self)
                x += lanes
            }
            // Every factorX-th run is one output pixel's sum; the sums become means in whole vectors
            // (the output row's padding takes the last vector's spare lanes).
            var picked = 0
            for column in 0..<width {
                sums[column] = runs[picked]
                picked &+= factorX
            }
            let out = to + y * toStride
            x = 0
            while x < width {
                let total = (sumsRaw + x * 2).loadUnaligned(as: Sums.self) &+ half
                // The high half of a 16 x 16-bit product (one pmulhuw).
                let mean = (SIMD16<UInt32>(truncatingIfNeeded: total) &* reciprocal) &>> 16
                (out + x).storeBytes(of: Bytes(truncatingIfNeeded: mean), as: Bytes.self)
                x += lanes
            }
        }
    }
}
