/// The bytes of a fixed-layout time text, read by position: what the RFC 3339 and device-time parsers share.
public struct ASCIIDigits {
    public let bytes: [UInt8]

    public init(_ text: String) { bytes = Array(text.utf8) }

    /// The decimal number in `count` digits at `at`, nil when any is not a digit or the text is shorter.
    public func number(at: Int, count: Int) -> Int? {
        guard at >= 0, at + count <= bytes.count else { return nil }
        var value = 0
        for i in at..<(at + count) {
            guard bytes[i] >= 0x30 && bytes[i] <= 0x39 else { return nil }
            value = value * 10 + Int(bytes[i] - 0x30)
        }
        return value
    }

    /// The byte at `at`, nil past the end.
    public func byte(_ at: Int) -> UInt8? { at < bytes.count ? bytes[at] : nil }
}
