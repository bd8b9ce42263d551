import Media

/// The cheap integrity check of JPEG photos: after the last start-of-scan marker (the main picture's,
/// or the last one of a multi-picture file) an end-of-image marker must follow. Entropy-coded data
/// cannot contain either marker (a 0xFF byte in it is always followed by 0x00), so a file cut inside
/// the picture has no end marker after its last scan.
enum JPEGCheck: StructureCheck {
    /// Larger files are not read whole for this check.
    static let sizeLimit: Int64 = 64 << 20

    static func check(_ file: FileSource, size: Int64) throws(MediaError) -> StructureVerdict? {
        let head = try file.bytes(at: 0, count: 3)
        guard head == [0xFF, 0xD8, 0xFF] else { return nil }
        guard size <= sizeLimit else {
            return StructureVerdict(integrity: .ok, notes: ["JPEG of \(size) bytes: end marker not checked"])
        }
        let bytes = try file.bytes(at: 0, count: Int(size))
        var lastScan: Int?
        var lastEnd: Int?
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0xFF {
                switch bytes[i + 1] {
                case 0xDA: lastScan = i
                case 0xD9: lastEnd = i
                default: break
                }
            }
            i += 1
        }
        guard let lastScan else {
            return StructureVerdict(integrity: .corrupt, notes: ["JPEG without a start-of-scan marker"])
        }
        guard let lastEnd, lastEnd > lastScan else {
            return StructureVerdict(integrity: .truncated, notes: ["JPEG ends without an end-of-image marker after its last scan"])
        }
        var verdict = StructureVerdict(integrity: .ok)
        if lastEnd + 2 < bytes.count { verdict.notes.append("\(bytes.count - lastEnd - 2) bytes after the end-of-image marker") }
        return verdict
    }
}
