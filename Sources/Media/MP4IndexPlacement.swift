/// Where an MP4/MOV file keeps its index (`moov`) relative to its media data (`mdat`), read from the
/// top-level box headers alone: 16 bytes per box, a handful of reads however large the file.
///
/// (MediaProbes' box walker answers this too, as part of a full structure check; the derived-media
/// code lives below MediaProbes and needs only the order, so it reads the headers itself.)
public enum MP4IndexPlacement: String, Sendable, Hashable, Codable {
    /// `moov` before the first `mdat`: players start at once (already "faststart").
    case beforeData = "before_data"
    /// `moov` after the media data: a browser must fetch the end of the file first; a faststart copy
    /// helps.
    case afterData = "after_data"
    /// No `moov` at all: the recording stopped before its index was written.
    case missing
    /// Not an MP4/MOV file.
    case notMP4 = "not_mp4"

    /// The types an MP4 or QuickTime file can begin with.
    private static let leadingTypes: Set<String> = ["ftyp", "styp", "moov", "mdat", "wide", "free", "skip", "pnot", "uuid"]
    /// No real file has more top-level boxes; hostile input must not keep the walk going.
    private static let boxLimit = 100_000

    /// The placement in the file at `path`.
    public static func of(path: String) throws(MediaError) -> MP4IndexPlacement {
        let file = try FileSource(path: path)
        let size = file.size ?? 0
        var offset: Int64 = 0
        var sawData = false
        var boxes = 0
        while offset + 8 <= size, boxes < boxLimit {
            let header = try file.bytes(at: offset, count: 16)
            guard header.count >= 8, let type = fourCC(header[4..<8]) else { break }
            if boxes == 0, !leadingTypes.contains(type) { return .notMP4 }
            boxes += 1
            switch type {
            case "moov": return sawData ? .afterData : .beforeData
            case "mdat": sawData = true
            default: break
            }
            let size32 = header[0..<4].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let boxSize: UInt64
            switch size32 {
            case 0: return .missing  // the box runs to the end of the file: nothing follows it
            case 1:
                guard header.count >= 16 else { return boxes == 1 ? .notMP4 : .missing }
                boxSize = header[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                guard boxSize >= 16 else { return boxes == 1 ? .notMP4 : .missing }
            case 2..<8: return boxes == 1 ? .notMP4 : .missing
            default: boxSize = size32
            }
            guard boxSize <= UInt64(Int64.max - offset) else { break }
            offset += Int64(boxSize)
        }
        return boxes == 0 ? .notMP4 : .missing
    }

    /// Four bytes as a box type, when printable ASCII.
    private static func fourCC(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.count == 4, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
