import Foundation

/// SplitMix64: a small, fast generator whose whole state is the seed, so a failing run can be
/// replayed exactly with `DIGEST_TEST_SEED=<seed> swift test --filter DigestTests`.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// The seed for this run: `DIGEST_TEST_SEED` if set, else a fresh random one.
    static let runSeed: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["DIGEST_TEST_SEED"], let seed = UInt64(text) {
            return seed
        }
        return UInt64.random(in: 0...UInt64.max)
    }()

    mutating func bytes(_ count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count {
            var word = next()
            for _ in 0..<min(8, count - i) {
                result[i] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                i += 1
            }
        }
        return result
    }

    /// Chunk lengths that add up to `total`: a mix of tiny pieces (odd offsets, partial blocks) and
    /// large ones (big enough to go to MultiDigest's worker threads).
    mutating func chunkSizes(total: Int) -> [Int] {
        var sizes: [Int] = []
        var left = total
        while left > 0 {
            let size =
                Bool.random(using: &self)
                ? Int.random(in: 1...200, using: &self)
                : Int.random(in: 32 * 1024...400 * 1024, using: &self)
            sizes.append(min(size, left))
            left -= sizes.last!
        }
        return sizes
    }
}
