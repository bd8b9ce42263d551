/// Walking the top-level boxes of a file by their headers alone: payloads stay on disk until asked for.
public enum BoxReader {
    /// The top-level boxes of a file, and why the walk stopped early if it did.
    public struct TopLevel: Sendable {
        public var boxes: [BoxHeader]
        /// Set when bytes before the end of the file are not a box (garbage, or a header cut short).
        public var problem: String?
        /// Where those bytes start: the end of the last box listed.
        public var problemOffset: Int64?

        public func first(_ type: FourCC) -> BoxHeader? { boxes.first { $0.type == type } }

        /// The last box when it claims more bytes than the file has: the file was cut inside it.
        public var cut: BoxHeader? {
            guard let last = boxes.last, last.end > fileSize else { return nil }
            return last
        }

        /// Whether the first box is one an MP4 or QuickTime file can begin with.
        public var beginsLikeMP4: Bool {
            boxes.first.map { BoxReader.leadingTypes.contains($0.type) } ?? false
        }

        let fileSize: Int64
    }

    /// The types an MP4 or QuickTime file can begin with.
    public static let leadingTypes: Set<FourCC> = ["ftyp", "styp", "moov", "mdat", "wide", "free", "skip", "pnot", "uuid"]

    /// Reads box headers from the start of `file` to its end. The last box may claim more bytes than the
    /// file has (a truncated recording): it is listed with its declared size, and the walk ends there. Hostile
    /// input cannot keep the walk going past `maxBoxes` boxes: the rest is reported as a problem.
    public static func topLevelBoxes(of file: some ByteSource, maxBoxes: Int = .max) throws -> TopLevel {
        var boxes: [BoxHeader] = []
        var offset: Int64 = 0
        func stop(_ problem: String) -> TopLevel {
            TopLevel(boxes: boxes, problem: problem, problemOffset: offset, fileSize: file.size)
        }
        while offset < file.size {
            guard boxes.count < maxBoxes else { return stop("more than \(maxBoxes) boxes (offset \(offset))") }
            guard file.size - offset >= 8 else {
                return stop("\(file.size - offset) stray bytes at the end (offset \(offset))")
            }
            let bytes = try file.read(at: offset, count: 32)
            let header: BoxHeader
            switch BoxHeader.decode(bytes[...], at: offset, containerEnd: file.size) {
            case .success(let decoded): header = decoded
            case .failure(let error): return stop(error.description)
            }
            // Every registered type is printable ASCII; anything else means these bytes are not a box.
            guard header.type.isPrintable else {
                return stop("bytes at offset \(offset) are not a box header")
            }
            boxes.append(header)
            offset = header.end
        }
        return TopLevel(boxes: boxes, problem: nil, problemOffset: nil, fileSize: file.size)
    }

    /// Whether bytes `from ..< to` of `file` are all zero: space a recorder reserved and never used, rather
    /// than damage. Read 64 KiB at a time; a stretch longer than `limit` is not looked at whole and counts as
    /// not zero.
    public static func isZeroFilled(_ file: some ByteSource, from: Int64, to: Int64, limit: Int64 = 16 << 20) throws -> Bool {
        var offset = from
        let end = min(to, from + limit)
        while offset < end {
            let block = try file.read(at: offset, count: Int(min(65_536, end - offset)))
            guard !block.isEmpty else { break }
            if block.contains(where: { $0 != 0 }) { return false }
            offset += Int64(block.count)
        }
        return end == to
    }

    /// Reads a whole box into memory (the movie box: a few kilobytes to a few megabytes).
    public static func load(_ header: BoxHeader, from file: some ByteSource) throws -> Box {
        guard header.end <= file.size else {
            throw MP4Error.malformed(path: file.path, detail: "box '\(header.type)' at offset \(header.offset) runs past the end of the file")
        }
        guard header.size <= Int64(Int32.max) else {
            throw MP4Error.malformed(path: file.path, detail: "box '\(header.type)' is too large to load (\(header.size) bytes)")
        }
        let bytes = try file.read(at: header.offset, count: Int(header.size))
        guard bytes.count == Int(header.size) else {
            throw MP4Error.malformed(path: file.path, detail: "box '\(header.type)' could not be read whole")
        }
        return Box(header: header, bytes: bytes[...])
    }
}
