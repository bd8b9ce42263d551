/// Tells what kind of recording a file holds from its bytes, for files whose extension no profile lists
/// (`.m4a`, `.3gp`, `.mkv`, `.ts`, `.h264`, `.amr`, `.opus`, `.heic`, …): a recording in a format nobody
/// expected is still evidence. Signatures, not extensions; nil when the bytes are no media this knows.
///
/// `head` is the file's first bytes (up to `headLength`); `read(offset, count)` reads elsewhere in the file,
/// for formats whose telling part may lie anywhere (an MP4's `moov` after its media data).
public enum MediaSniffer {
    /// How much of the file's start the caller reads.
    public static let headLength = 64 * 1024
    /// The largest MP4 index read to find its tracks; a bigger one is taken for video.
    static let movieIndexLimit = 8 << 20

    public static func kind(head: [UInt8], fileSize: Int64, read: (Int64, Int) -> [UInt8]?) -> RecordingKind? {
        let b = head
        func at(_ offset: Int, _ text: String) -> Bool {
            let bytes = Array(text.utf8)
            return b.count >= offset + bytes.count && Array(b[offset..<offset + bytes.count]) == bytes
        }
        if b.count >= 12, isoTopLevelTypes.contains(String(decoding: b[4..<8], as: UTF8.self)) {
            return isoKind(head: b, fileSize: fileSize, read: read)
        }
        if b.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return matroskaKind(b) }
        if let kind = transportStreamKind(b) { return kind }
        if at(0, "#!AMR") { return .audio }
        if at(0, "OggS") { return oggKind(b) }
        if at(0, "fLaC") || at(0, "ID3") { return .audio }
        if at(0, "RIFF") {
            if at(8, "WAVE") { return .audio }
            if at(8, "AVI ") { return .video }
            if at(8, "WEBP") { return .photo }
            return nil
        }
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return .photo }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .photo }
        if at(0, "GIF87a") || at(0, "GIF89a") { return .photo }
        if at(0, "II*\u{0}") || at(0, "MM\u{0}*") { return .photo }
        if at(0, "BM"), b.count >= 6, Int64(le32(b, 2)) == fileSize { return .photo }
        if b.starts(with: [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]) { return .video }  // ASF (WMV)
        if at(0, "FLV"), b.count >= 5, b[3] == 1 { return b[4] & 0x01 != 0 ? .video : .audio }
        if b.starts(with: [0, 0, 1, 0xBA]) { return .video }  // MPEG program stream
        if isAnnexB(b) { return .video }
        if isAudioFrames(b) { return .audio }
        return nil
    }

    // MARK: ISO BMFF (MP4, MOV, 3GP, M4A, HEIF)

    static let isoTopLevelTypes: Set<String> = ["ftyp", "moov", "mdat", "wide", "free", "skip", "pnot"]
    static let audioBrands: Set<String> = ["M4A ", "M4B ", "M4P ", "F4A ", "F4B "]
    static let imageBrands: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis"]

    static func isoKind(head: [UInt8], fileSize: Int64, read: (Int64, Int) -> [UInt8]?) -> RecordingKind? {
        var brands: [String] = []
        if String(decoding: head[4..<8], as: UTF8.self) == "ftyp" {
            let size = min(Int(be32(head, 0)), head.count)
            brands.append(String(decoding: head[8..<12], as: UTF8.self))
            var offset = 16
            while offset + 4 <= size {
                brands.append(String(decoding: head[offset..<offset + 4], as: UTF8.self))
                offset += 4
            }
        }
        if let major = brands.first {
            if audioBrands.contains(major) { return .audio }
            if imageBrands.contains(major) { return .photo }
        }
        switch movieTracks(fileSize: fileSize, read: read) {
        case let handlers? where handlers.contains("vide"): return .video
        case let handlers? where handlers.contains("soun"): return .audio
        case nil where brands.contains(where: imageBrands.contains): return .photo
        default: return .video
        }
    }

    /// The handler types of the movie's tracks (`vide`, `soun`, …), or nil when no readable `moov` is found.
    static func movieTracks(fileSize: Int64, read: (Int64, Int) -> [UInt8]?) -> Set<String>? {
        var offset: Int64 = 0
        for _ in 0..<64 where offset + 8 <= fileSize {
            guard let header = read(offset, 16), header.count >= 8 else { return nil }
            var size = Int64(be32(header, 0))
            var headerSize: Int64 = 8
            if size == 1 {
                guard header.count >= 16 else { return nil }
                size = Int64(bitPattern: UInt64(be32(header, 8)) << 32 | UInt64(be32(header, 12)))
                headerSize = 16
            } else if size == 0 {
                size = fileSize - offset
            }
            guard size >= headerSize else { return nil }
            if String(decoding: header[4..<8], as: UTF8.self) == "moov" {
                guard size <= movieIndexLimit, let movie = read(offset, Int(size)), movie.count == Int(size) else { return nil }
                var handlers: Set<String> = []
                for trak in boxes(movie, Int(headerSize)..<movie.count) where trak.type == "trak" {
                    for mdia in boxes(movie, trak.body) where mdia.type == "mdia" {
                        for hdlr in boxes(movie, mdia.body) where hdlr.type == "hdlr" && hdlr.body.count >= 12 {
                            let at = hdlr.body.lowerBound + 8
                            handlers.insert(String(decoding: movie[at..<at + 4], as: UTF8.self))
                        }
                    }
                }
                return handlers
            }
            offset += size
        }
        return nil
    }

    /// The boxes in `range` of `bytes`, each with its body's range; stops at the first malformed one.
    static func boxes(_ bytes: [UInt8], _ range: Range<Int>) -> [(type: String, body: Range<Int>)] {
        var found: [(String, Range<Int>)] = []
        var offset = range.lowerBound
        while offset + 8 <= range.upperBound {
            let size = Int(be32(bytes, offset))
            guard size >= 8, offset + size <= range.upperBound else { break }
            found.append((String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self), offset + 8..<offset + size))
            offset += size
        }
        return found
    }

    // MARK: Matroska / WebM

    /// Video unless the tracks found in the head are all audio.
    static func matroskaKind(_ b: [UInt8]) -> RecordingKind {
        var offset = 0
        // EBML header, then the Segment's children up to Tracks.
        guard let header = ebmlElement(b, 0) else { return .video }
        offset = header.dataEnd
        guard let segment = ebmlElement(b, offset), segment.id == 0x1853_8067 else { return .video }
        offset = segment.dataStart
        var types: Set<UInt64> = []
        while let element = ebmlElement(b, offset), element.id != 0x1F43_B675 {  // up to the first Cluster
            if element.id == 0x1654_AE6B {  // Tracks
                var inner = element.dataStart
                while inner < min(element.dataEnd, b.count), let entry = ebmlElement(b, inner) {
                    if entry.id == 0xAE {  // TrackEntry
                        var field = entry.dataStart
                        while field < min(entry.dataEnd, b.count), let child = ebmlElement(b, field) {
                            if child.id == 0x83, child.dataEnd <= b.count {  // TrackType
                                types.insert(b[child.dataStart..<child.dataEnd].reduce(0) { $0 << 8 | UInt64($1) })
                            }
                            field = child.dataEnd
                        }
                    }
                    inner = entry.dataEnd
                }
                break
            }
            offset = element.dataEnd
        }
        return !types.isEmpty && types.allSatisfy({ $0 == 2 }) ? .audio : .video
    }

    /// An EBML element's id (marker bits kept) and where its data lies; nil when it does not fit the head.
    static func ebmlElement(_ b: [UInt8], _ offset: Int) -> (id: UInt64, dataStart: Int, dataEnd: Int)? {
        func vint(_ at: Int, keepMarker: Bool) -> (value: UInt64, length: Int, unknown: Bool)? {
            guard at < b.count, b[at] != 0 else { return nil }
            let length = b[at].leadingZeroBitCount + 1
            guard at + length <= b.count else { return nil }
            var value = UInt64(keepMarker ? b[at] : b[at] & (0xFF >> length))
            for i in 1..<length { value = value << 8 | UInt64(b[at + i]) }
            let allOnes = (UInt64(1) << (7 * UInt64(length))) - 1
            return (value, length, !keepMarker && value == allOnes)
        }
        guard let id = vint(offset, keepMarker: true), id.length <= 4,
              let size = vint(offset + id.length, keepMarker: false) else { return nil }
        let start = offset + id.length + size.length
        let end = size.unknown ? Int.max : start + Int(min(size.value, UInt64(Int.max / 2)))
        return (id.value, start, end)
    }

    // MARK: MPEG transport stream

    /// 188-byte packets (192 with a timestamp prefix, M2TS), each starting with 0x47; the program map says
    /// whether there is video.
    static func transportStreamKind(_ b: [UInt8]) -> RecordingKind? {
        for (packet, prefix) in [(188, 0), (192, 4)] {
            let packets = (b.count - prefix) / packet
            guard packets >= 3 else { continue }
            guard (0..<packets).allSatisfy({ b[prefix + $0 * packet] == 0x47 }) else { continue }
            var pmtPID: Int?
            var video = false, audio = false
            for index in 0..<packets {
                let p = prefix + index * packet
                let pid = Int(b[p + 1] & 0x1F) << 8 | Int(b[p + 2])
                guard b[p + 1] & 0x40 != 0, b[p + 3] & 0x10 != 0 else { continue }  // section start with payload
                var at = p + 4
                if b[p + 3] & 0x20 != 0 { at += 1 + Int(b[p + 4]) }  // adaptation field
                guard at < p + packet else { continue }
                at += 1 + Int(b[at])  // pointer field
                guard at + 12 <= p + packet else { continue }
                let sectionLength = Int(b[at + 1] & 0x0F) << 8 | Int(b[at + 2])
                let end = min(at + 3 + sectionLength - 4, p + packet)
                if pid == 0, b[at] == 0x00, at + 12 <= end + 4 {
                    pmtPID = Int(b[at + 10] & 0x1F) << 8 | Int(b[at + 11])
                } else if pid == pmtPID, b[at] == 0x02 {
                    let infoLength = Int(b[at + 10] & 0x0F) << 8 | Int(b[at + 11])
                    var entry = at + 12 + infoLength
                    while entry + 5 <= end {
                        let type = b[entry]
                        if [0x01, 0x02, 0x10, 0x1B, 0x24, 0x42, 0xD1, 0xEA].contains(type) { video = true }
                        if [0x03, 0x04, 0x0F, 0x11, 0x81, 0x87].contains(type) { audio = true }
                        entry += 5 + (Int(b[entry + 3] & 0x0F) << 8 | Int(b[entry + 4]))
                    }
                    break
                }
            }
            return audio && !video ? .audio : .video
        }
        return nil
    }

    // MARK: Ogg

    static func oggKind(_ b: [UInt8]) -> RecordingKind {
        guard b.count > 27 else { return .audio }
        let start = 27 + Int(b[26])
        let theora: [UInt8] = [0x80] + Array("theora".utf8)
        if b.count >= start + theora.count, Array(b[start..<start + theora.count]) == theora { return .video }
        return .audio
    }

    // MARK: elementary streams

    /// H.264 or H.265 Annex B: a start code, a parameter set, delimiter or SEI first, and another start code.
    static func isAnnexB(_ b: [UInt8]) -> Bool {
        let nal: Int
        if b.starts(with: [0, 0, 0, 1]) { nal = 4 } else if b.starts(with: [0, 0, 1]) { nal = 3 } else { return false }
        guard b.count > nal + 1, b[nal] & 0x80 == 0 else { return false }
        let avc = [6, 7, 9].contains(Int(b[nal] & 0x1F))
        let hevc = [32, 33, 35, 39].contains(Int(b[nal] >> 1) & 0x3F) && b[nal + 1] & 0x07 != 0
        guard avc || hevc else { return false }
        var i = nal + 1
        while i + 3 <= b.count {
            if b[i] == 0, b[i + 1] == 0, b[i + 2] == 1 { return true }
            i += 1
        }
        return false
    }

    /// Two consecutive ADTS (AAC) or MPEG audio layer III frames from the first byte.
    static func isAudioFrames(_ b: [UInt8]) -> Bool {
        func frameLength(_ at: Int) -> Int? {
            guard at + 6 <= b.count, b[at] == 0xFF else { return nil }
            if b[at + 1] & 0xF6 == 0xF0 {  // ADTS: layer 00
                let length = Int(b[at + 3] & 0x03) << 11 | Int(b[at + 4]) << 3 | Int(b[at + 5] >> 5)
                return length >= 7 ? length : nil
            }
            guard b[at + 1] & 0xE0 == 0xE0 else { return nil }
            let version = (b[at + 1] >> 3) & 0x03, layer = (b[at + 1] >> 1) & 0x03
            let rateIndex = Int(b[at + 2] >> 4), sampleIndex = Int((b[at + 2] >> 2) & 0x03)
            guard version != 1, layer == 1, rateIndex != 0, rateIndex != 15, sampleIndex != 3 else { return nil }
            let mpeg1 = version == 3
            let kbps = mpeg1
                ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][rateIndex]
                : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160][rateIndex]
            let base = [44100, 48000, 32000][sampleIndex]
            let rate = version == 3 ? base : version == 2 ? base / 2 : base / 4
            let padding = Int((b[at + 2] >> 1) & 0x01)
            return (mpeg1 ? 144 : 72) * kbps * 1000 / rate + padding
        }
        guard let first = frameLength(0), let second = frameLength(first) else { return false }
        return second > 0
    }

    // MARK: integers

    static func be32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    static func le32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }
}
