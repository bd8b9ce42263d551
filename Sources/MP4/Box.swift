/// The header of an ISO BMFF box (ISO/IEC 14496-12 4.2): where it is, how big, and what it holds.
public struct BoxHeader: Sendable, Hashable {
    public let type: FourCC
    /// Offset of the first header byte in the file.
    public let offset: Int64
    /// 8, 16 with a 64-bit largesize, plus 16 for a `uuid` box's user type.
    public let headerSize: Int
    /// The resolved size: a declared size of 0 means "to the end of the enclosing container".
    public let size: Int64
    /// True when the size field was 0. Recorders write that while recording, to patch it at the end.
    public let extendsToEnd: Bool
    /// The extended type of a `uuid` box.
    public let userType: [UInt8]?

    public var payloadOffset: Int64 { offset + Int64(headerSize) }
    public var payloadSize: Int64 { size - Int64(headerSize) }
    public var end: Int64 { offset + size }

    public static let uuid: FourCC = "uuid"

    /// Decodes a header from `bytes` (the first up to 32 bytes at `offset`). `containerEnd` resolves size 0.
    /// Returns the reason when the bytes cannot be a box header (a type that is not printable is not checked
    /// here: `BoxReader` does that where it walks a file).
    public static func decode(_ bytes: ArraySlice<UInt8>, at offset: Int64, containerEnd: Int64) -> Result<BoxHeader, BoxError> {
        var reader = ByteReader(bytes)
        do {
            let size32 = try reader.u32()
            let type = try reader.fourCC()
            var headerSize = 8
            var size = Int64(size32)
            var extendsToEnd = false
            if size32 == 1 {
                let large = try reader.u64()
                headerSize = 16
                guard large <= UInt64(Int64.max) else { return .failure(BoxError("box '\(type)' at \(offset) has a size beyond 2^63")) }
                size = Int64(large)
            } else if size32 == 0 {
                extendsToEnd = true
                size = containerEnd - offset
            }
            var userType: [UInt8]?
            if type == uuid {
                userType = Array(try reader.bytes(16))
                headerSize += 16
            }
            guard size <= Int64.max - offset else {
                return .failure(BoxError("box '\(type)' at offset \(offset) declares \(size) bytes, beyond 2^63"))
            }
            guard size >= Int64(headerSize) else {
                return .failure(BoxError("box '\(type)' at offset \(offset) declares \(size) bytes, less than its header"))
            }
            return .success(BoxHeader(
                type: type, offset: offset, headerSize: headerSize, size: size, extendsToEnd: extendsToEnd,
                userType: userType))
        } catch {
            return .failure(BoxError("box header at offset \(offset) is cut short"))
        }
    }
}

/// Why bytes could not be read as boxes or tables. Wrapped into `MP4Error.malformed` with the file's path
/// where a file is read; thrown as is by the in-memory parts (`Box.children`, `SampleTable.sampleOffsets`).
public struct BoxError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// Set when a count in the file claims more than the bytes that must hold it.
    public let overclaim: Overclaim?

    init(_ description: String, overclaim: Overclaim? = nil) {
        self.description = description
        self.overclaim = overclaim
    }

    /// A count that claims more than the bytes that must hold it: `claimedBytes` is the least the claim
    /// needs (entries or samples times their size, a sample at least 1 byte), `availableBytes` what there is.
    public struct Overclaim: Sendable, Equatable {
        /// Where the bytes must be.
        public enum Holder: Sendable, Equatable {
            /// In the rest of the box that makes the claim (a table's entries).
            case box
            /// In the file's media data (samples).
            case mediaData
        }

        /// The box that makes the claim: `stsz`, `stts`, `stsc`, `stco`, …
        public let box: FourCC
        /// What it claims: entries or samples.
        public let count: UInt64
        public let claimedBytes: UInt64
        public let availableBytes: UInt64
        public let holder: Holder
    }

    /// The same error with `context` before its description (`track 2: …`).
    func within(_ context: String) -> BoxError {
        BoxError("\(context): \(description)", overclaim: overclaim)
    }
}

/// A box held in memory (the movie box and everything inside it): its header and bytes, children parsed on
/// demand. Offsets stay absolute file offsets so errors can say where.
public struct Box: Sendable {
    public let header: BoxHeader
    /// The whole box, header included, exactly as in the file: sample entries are copied from here verbatim.
    public let bytes: ArraySlice<UInt8>

    public var type: FourCC { header.type }
    public var payload: ArraySlice<UInt8> { bytes.dropFirst(header.headerSize) }

    /// The boxes inside this one, after `skipping` payload bytes (fields of a full box or a sample entry).
    public func children(skipping: Int = 0) throws -> [Box] {
        try Box.sequence(in: payload.dropFirst(skipping), startingAt: header.payloadOffset + Int64(skipping))
    }

    /// The first child of `type`.
    public func child(_ type: FourCC, skipping: Int = 0) throws -> Box? {
        try children(skipping: skipping).first { $0.type == type }
    }

    /// The box at a path of types below this one (`["mdia", "minf", "stbl"]`).
    public func descendant(_ path: [FourCC]) throws -> Box? {
        var current = self
        for type in path {
            guard let next = try current.child(type) else { return nil }
            current = next
        }
        return current
    }

    /// Parses consecutive boxes filling `bytes`, whose first byte is at `fileOffset`. Inside a movie box a
    /// box may not run past its parent: that would be damage, not truncation, and is reported.
    public static func sequence(in bytes: ArraySlice<UInt8>, startingAt fileOffset: Int64) throws -> [Box] {
        var boxes: [Box] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let remaining = bytes.endIndex - index
            // A 32-bit zero terminator is allowed at the end of some containers (QuickTime 'udta').
            if remaining < 8 {
                if bytes[index...].allSatisfy({ $0 == 0 }) { break }
                throw BoxError("\(remaining) stray bytes at offset \(fileOffset + Int64(index - bytes.startIndex))")
            }
            let offset = fileOffset + Int64(index - bytes.startIndex)
            let containerEnd = fileOffset + Int64(bytes.count)
            let header = try BoxHeader.decode(bytes[index..<min(index + 32, bytes.endIndex)], at: offset, containerEnd: containerEnd).get()
            guard header.size <= Int64(remaining) else {
                throw BoxError("box '\(header.type)' at offset \(offset) (\(header.size) bytes) runs past its parent")
            }
            let size = Int(header.size)
            boxes.append(Box(header: header, bytes: bytes[index..<index + size]))
            index += size
        }
        return boxes
    }
}
