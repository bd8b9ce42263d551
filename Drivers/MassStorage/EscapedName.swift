/// How a file name's bytes become text for reports, messages and the catalog's source path.
///
/// FAT names are UTF-16 and always come out as UTF-8, but a hostile or damaged volume (or a plain folder)
/// may hold any bytes but `/` and NUL. Valid UTF-8 stays as it is, except: a backslash is written `\\`,
/// and every byte that is not part of valid UTF-8, every C0 control byte, DEL, and the two bytes of each C1
/// control character are written `\xHH` (lower-case hex). The escape is one-to-one (a literal `\x` in a
/// name is `\\x`), so two different names never share a text, and the bytes can be had back from it.
public enum EscapedName {
    public static func text(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        if let plain = String(validating: bytes, as: UTF8.self),
           !plain.unicodeScalars.contains(where: { $0 == "\\" || isControl($0) }) {
            return plain
        }
        var text = ""
        var index = 0
        while index < bytes.count {
            let length = scalarLength(bytes, at: index)
            if length > 0, let scalar = String(validating: bytes[index..<index + length], as: UTF8.self) {
                if scalar == "\\" {
                    text += "\\\\"
                } else if scalar.unicodeScalars.contains(where: isControl) {
                    for byte in bytes[index..<index + length] { text += escaped(byte) }
                } else {
                    text += scalar
                }
                index += length
            } else {
                text += escaped(bytes[index])
                index += 1
            }
        }
        return text
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func escaped(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return "\\x" + (digits.count == 1 ? "0" + digits : digits)
    }

    /// The length of the UTF-8 sequence its lead byte announces (0 for a byte that cannot lead one);
    /// whether the sequence is valid is left to the decoder.
    static func scalarLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
            : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0
        return index + length <= bytes.count ? length : 0
    }
}
