#if canImport(Glibc)
import Glibc
#endif

/// GBK bytes (GB 2312 with its extensions, what GA/T 947.4 recorders keep names in) to a Swift string,
/// through glibc's iconv: the one place this driver calls it.
public enum GBKText {
    /// Why bytes are not GBK text.
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Decodes `bytes` up to the first NUL (fields are C strings in fixed buffers). Invalid or cut sequences
    /// throw: a name is never guessed.
    public static func decode(_ bytes: [UInt8]) throws(Invalid) -> String {
        let text = Array(bytes.prefix { $0 != 0 })
        if text.allSatisfy({ $0 < 0x80 }) { return String(decoding: text, as: UTF8.self) }
        let converter = iconv_open("UTF-8", "GBK")
        guard let converter, converter != iconv_t(bitPattern: -1) else {
            throw Invalid(message: "iconv cannot convert GBK here")
        }
        defer { iconv_close(converter) }
        // A GBK character is 1 or 2 bytes and at most 3 in UTF-8 (every GBK character is in the BMP).
        var output = [UInt8](repeating: 0, count: text.count * 3 + 4)
        var input = text.map { CChar(bitPattern: $0) }
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBytes { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else {
            throw Invalid(message: "\(text.count) bytes that are not GBK text")
        }
        return String(decoding: output.prefix(produced), as: UTF8.self)
    }
}
