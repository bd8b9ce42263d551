/// The sizes of a track's samples: one size for all (stsz with a sample_size), or a table (stsz with
/// 32-bit entries, stz2 with 4-, 8- or 16-bit entries).
struct SampleSizes {
    let count: Int
    private let constant: Int64?
    private let bytes: BigEndianBytes
    private let first: Int
    private let bits: Int

    init?(_ bytes: BigEndianBytes, stsz: Range<Int>?, stz2: Range<Int>?) {
        self.bytes = bytes
        if let stsz {
            guard let size = bytes.u32(stsz.lowerBound + 4), let count = bytes.u32(stsz.lowerBound + 8) else { return nil }
            first = stsz.lowerBound + 12
            bits = 32
            if size != 0 {
                constant = Int64(size)
                // A constant size states no table, so the count is not bounded by the box: bound it by
                // what an index could plausibly describe (the walk multiplies instead of looping).
                guard count <= UInt32(Int32.max) else { return nil }
            } else {
                constant = nil
                guard Int(count) <= (stsz.upperBound - first) / 4 else { return nil }
            }
            self.count = Int(count)
        } else if let stz2 {
            guard let field = bytes.u8(stz2.lowerBound + 7), [4, 8, 16].contains(field),
                  let count = bytes.u32(stz2.lowerBound + 8) else { return nil }
            first = stz2.lowerBound + 12
            bits = Int(field)
            constant = nil
            guard (Int(count) * bits + 7) / 8 <= stz2.upperBound - first else { return nil }
            self.count = Int(count)
        } else {
            return nil
        }
    }

    /// The bytes of samples `from ..< from + count` (0-based).
    func total(from: Int, count: Int) -> Int64? {
        guard from >= 0, count >= 0, from + count <= self.count else { return nil }
        if let constant { return constant * Int64(count) }
        var sum: Int64 = 0
        for i in from..<(from + count) {
            guard let size = size(i) else { return nil }
            sum += size
        }
        return sum
    }

    private func size(_ i: Int) -> Int64? {
        switch bits {
        case 32: return bytes.u32(first + i * 4).map(Int64.init)
        case 16: return bytes.u16(first + i * 2).map(Int64.init)
        case 8: return bytes.u8(first + i).map(Int64.init)
        default:
            guard let byte = bytes.u8(first + i / 2) else { return nil }
            return Int64(i % 2 == 0 ? byte >> 4 : byte & 0x0f)
        }
    }
}
