import Media

/// Walks the top-level boxes of an MP4 or MOV file by their headers alone: 16 bytes read per box,
/// however large the boxes are.
struct MP4BoxWalker {
    /// What the walk found.
    struct TopLevel {
        var boxes: [MP4Box] = []
        /// The box whose declared size runs past the end of the file (it was cut there).
        var cut: MP4Box?
        /// Where bytes stop looking like boxes, and whether everything from there is zeros (space a
        /// recorder reserved and never used, rather than damage).
        var unreadableAt: Int64?
        var zeroTail = false
    }

    /// Walks had to stop somewhere on hostile input: no real file has this many top-level boxes.
    static let boxLimit = 100_000

    /// The top-level boxes of `file` (`size` bytes), or nil when it does not begin like an MP4/MOV.
    static func walk(_ file: FileSource, size: Int64) throws(MediaError) -> TopLevel? {
        var result = TopLevel()
        var offset: Int64 = 0
        while offset < size {
            let header = BigEndianBytes(try file.bytes(at: offset, count: 16))
            guard result.boxes.count < boxLimit,
                  let box = MP4Box.parse(header, at: 0, base: offset, limit: size)
            else {
                if result.boxes.isEmpty { return nil }
                result.unreadableAt = offset
                result.zeroTail = try isZero(file, from: offset, to: size)
                return result
            }
            if result.boxes.isEmpty, !MP4Box.leadingTypes.contains(box.type) { return nil }
            result.boxes.append(box)
            if box.end > size {
                result.cut = box
                return result
            }
            offset = box.end
        }
        return result
    }

    /// Whether bytes `from ..< to` are all zero (read in 64 KiB blocks, at most 16 MiB looked at).
    private static func isZero(_ file: FileSource, from: Int64, to: Int64) throws(MediaError) -> Bool {
        var offset = from
        let end = min(to, from + 16 << 20)
        while offset < end {
            let block = try file.bytes(at: offset, count: Int(min(65_536, end - offset)))
            guard !block.isEmpty else { break }
            if block.contains(where: { $0 != 0 }) { return false }
            offset += Int64(block.count)
        }
        return end == to
    }
}
