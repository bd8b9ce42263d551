/// A four-character code: a box type, a sample-entry format, a handler type or a brand.
public struct FourCC: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// `text` must be four ASCII characters; anything else is a programming error.
    public init(_ text: String) {
        let bytes = Array(text.utf8)
        precondition(bytes.count == 4, "a four-character code needs four ASCII characters: \(text)")
        self.init(bytes: bytes[...])
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    init(bytes: ArraySlice<UInt8>) {
        var value: UInt32 = 0
        for byte in bytes.prefix(4) { value = value << 8 | UInt32(byte) }
        rawValue = value
    }

    public var bytes: [UInt8] {
        [UInt8(rawValue >> 24), UInt8(rawValue >> 16 & 0xFF), UInt8(rawValue >> 8 & 0xFF), UInt8(rawValue & 0xFF)]
    }

    /// True when all four bytes are printable ASCII, as in every registered box type. A header whose type is
    /// not printable is almost certainly not a box: that is how garbage is told from a box walk.
    public var isPrintable: Bool {
        bytes.allSatisfy { (0x20...0x7E).contains($0) }
    }

    public var description: String {
        String(bytes.map { (0x20...0x7E).contains($0) ? Character(Unicode.Scalar($0)) : "?" })
    }
}
