/// SplitMix64: a small, fast generator whose sequence depends only on its seed, so a benchmark's data
/// is the same on every machine and every run (the standard library's generators are not seedable).
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// A generator for one part of the data (a day, a device), independent of how much of the rest
    /// was generated: the 100,000-clip catalog is the first days of the 1,000,000-clip one.
    init(seed: UInt64, stream: UInt64, index: Int) {
        var mixer = SeededRandom(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(bitPattern: Int64(index)) &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `range` (the modulo bias is far below anything a benchmark could notice).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    /// One of `items`, each with its weight.
    mutating func pick<T>(weighted items: [(T, Double)]) -> T {
        var x = unit() * items.reduce(0) { $0 + $1.1 }
        for (item, weight) in items {
            x -= weight
            if x < 0 { return item }
        }
        return items[items.count - 1].0
    }

    /// A version-4-shaped UUID in lowercase, as the catalog's identifiers are.
    mutating func uuid() -> String {
        let a = next(), b = next()
        let hex = Self.hex(a) + Self.hex(b)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-4" + String(c[13..<16]) + "-a" + String(c[17..<20]) + "-"
            + String(c[20..<32])
    }

    /// 64 lowercase hex digits, shaped like a SHA-256 digest.
    mutating func digest() -> String {
        Self.hex(next()) + Self.hex(next()) + Self.hex(next()) + Self.hex(next())
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
