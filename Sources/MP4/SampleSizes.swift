/// The sizes of a track's samples (stsz or stz2, ISO/IEC 14496-12 8.7.3): one size for them all, as an
/// `stsz` with a non-zero `sample_size` gives it, or one size per sample. A constant size stays a constant,
/// so a file claiming 2^32 samples of one size costs nothing here; `SampleTable.checkSampleCounts` holds the
/// claim against the media data before anything walks the samples.
///
/// A collection of the sizes in sample order; `count`, `max()` and `sum` take constant time for a constant.
public enum SampleSizes: Sendable {
    /// `count` samples of `size` bytes each. `stsz` cannot say "every sample is 0 bytes" (a `sample_size`
    /// of 0 means a table follows), so a file never gives `size` 0; the writer writes such a value as a table.
    case constant(UInt32, count: Int)
    /// One size per sample.
    case table([UInt32])

    /// The largest size, nil without samples.
    public func max() -> UInt32? {
        switch self {
        case let .constant(size, count): return count > 0 ? size : nil
        case let .table(sizes): return sizes.max()
        }
    }

    /// The sizes of samples `range` added up (at most 2^32 sizes below 2^32 each: this fits, and saturates
    /// for anything larger a caller builds).
    public func sum(_ range: Range<Int>) -> UInt64 {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "samples \(range) of \(count)")
        switch self {
        case let .constant(size, _):
            let (product, overflow) = UInt64(size).multipliedReportingOverflow(by: UInt64(range.count))
            return overflow ? .max : product
        case let .table(sizes):
            var total: UInt64 = 0
            for size in sizes[range] {
                let (next, overflow) = total.addingReportingOverflow(UInt64(size))
                if overflow { return .max }
                total = next
            }
            return total
        }
    }

    /// All sizes added up.
    public var total: UInt64 { sum(0..<count) }
}

extension SampleSizes: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public var count: Int {
        switch self {
        case let .constant(_, count): return count
        case let .table(sizes): return sizes.count
        }
    }

    public subscript(index: Int) -> UInt32 {
        switch self {
        case let .constant(size, count):
            precondition(index >= 0 && index < count, "sample \(index) of \(count)")
            return size
        case let .table(sizes):
            return sizes[index]
        }
    }
}

extension SampleSizes: ExpressibleByArrayLiteral {
    public init(arrayLiteral sizes: UInt32...) { self = .table(sizes) }
}

extension SampleSizes: Equatable {
    /// Equal when they give the same sizes, however they store them: `.constant(5, count: 2)` equals
    /// `.table([5, 5])`.
    public static func == (a: SampleSizes, b: SampleSizes) -> Bool {
        switch (a, b) {
        case let (.table(x), .table(y)): return x == y
        case let (.constant(x, n), .constant(y, m)): return n == m && (n == 0 || x == y)
        default: return a.count == b.count && a.elementsEqual(b)
        }
    }
}
