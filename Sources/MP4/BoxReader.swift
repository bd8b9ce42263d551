/// Walking the top-level boxes of a file by their headers alone: payloads stay on disk until asked for.
public enum BoxReader {
    /// The top-level boxes of a file, and why the walk stopped early if it did.
    public struct TopLevel: Sendable {
        public var boxes: [BoxHeader]
        /// Set when bytes before the end of the file are not a box (garbage, or a header cut short).
        public var problem: String?

        public func first(_ type: FourCC) -> BoxHeader? { boxes.first { $0.type == type } }
    }

    /// Reads box headers from the start of `file` to its end. The last box may claim more bytes than the
    /// file has (a truncated recording): it is listed with its declared size, and the walk ends there.
    public static func topLevelBoxes(of file: ReadOnlyFile) throws -> TopLevel {
        var boxes: [BoxHeader] = []
        var offset: Int64 = 0
        while offset < file.size {
            guard file.size - offset >= 8 else {
                return TopLevel(boxes: boxes, problem: "\(file.size - offset) stray bytes at the end (offset \(offset))")
            }
            let bytes = try file.read(at: offset, count: 32)
            let header: BoxHeader
            switch BoxHeader.decode(bytes[...], at: offset, containerEnd: file.size) {
            case .success(let decoded): header = decoded
            case .failure(let error): return TopLevel(boxes: boxes, problem: error.description)
            }
            // Every registered type is printable ASCII; anything else means these bytes are not a box.
            guard header.type.isPrintable else {
                return TopLevel(boxes: boxes, problem: "bytes at offset \(offset) are not a box header")
            }
            boxes.append(header)
            offset = header.end
        }
        return TopLevel(boxes: boxes, problem: nil)
    }

    /// Reads a whole box into memory (the movie box: a few kilobytes to a few megabytes).
    public static func load(_ header: BoxHeader, from file: ReadOnlyFile) throws -> Box {
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
