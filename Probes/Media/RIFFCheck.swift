import Media

/// The cheap integrity check of RIFF files (AVI, WAV): the RIFF chunk (and, in OpenDML AVI files over
/// 1 GB, the `AVIX` chunks that follow it) must end within the file.
enum RIFFCheck: StructureCheck {
    static func check(_ file: FileSource, size: Int64) throws(MediaError) -> StructureVerdict? {
        let head = try file.bytes(at: 0, count: 12)
        let tag = String(decoding: head.prefix(4), as: UTF8.self)
        guard head.count == 12, tag == "RIFF" || tag == "RF64" else {
            return nil
        }
        let form = String(decoding: head[8..<12], as: UTF8.self)
        var verdict = StructureVerdict(integrity: .ok)
        if tag == "RF64" {
            // Sizes live in the ds64 chunk; not checked.
            verdict.notes.append("RF64 \(form): sizes not checked")
            return verdict
        }
        var offset: Int64 = 0
        while offset + 8 <= size {
            let header = try file.bytes(at: offset, count: 8)
            guard header.count == 8, String(decoding: header[0..<4], as: UTF8.self) == "RIFF" else { break }
            let declared = Int64(header[4]) | Int64(header[5]) << 8 | Int64(header[6]) << 16 | Int64(header[7]) << 24
            if declared == 0 || declared == 0xFFFF_FFFF {
                verdict.integrity = .truncated
                verdict.notes.append("RIFF \(form) chunk at \(offset) has no size: the writer never finished it")
                return verdict
            }
            let end = offset + 8 + declared + (declared & 1)
            if offset + 8 + declared > size {
                verdict.integrity = .truncated
                verdict.notes.append("RIFF \(form) chunk at \(offset) declares \(declared) bytes, but the file ends \(offset + 8 + declared - size) bytes short")
                return verdict
            }
            offset = end
        }
        if offset < size {
            verdict.notes.append("\(size - offset) bytes after the RIFF data")
        }
        return verdict
    }
}
