/// Lowercase hexadecimal of `bytes`, two digits per byte: the one spelling of a digest used in the
/// store's paths, the catalog and JSON.
public func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits: StaticString = "0123456789abcdef"
    var text = ""
    text.reserveCapacity(bytes.underestimatedCount * 2)
    digits.withUTF8Buffer { digits in
        for byte in bytes {
            text.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
            text.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 0x0f)]))
        }
    }
    return text
}

/// Whether `text` is exactly `count` lowercase hexadecimal digits.
func isLowercaseHex(_ text: String, count: Int) -> Bool {
    var n = 0
    for unit in text.utf8 {
        guard (unit >= UInt8(ascii: "0") && unit <= UInt8(ascii: "9"))
            || (unit >= UInt8(ascii: "a") && unit <= UInt8(ascii: "f"))
        else { return false }
        n += 1
    }
    return n == count
}
