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

/// The bytes of lowercase or uppercase hex text; nil when its length is odd or a character is not hex.
public func bytes(fromHex text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
    var result: [UInt8] = []
    result.reserveCapacity(digits.count / 2)
    var index = 0
    while index < digits.count {
        guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
        result.append(high << 4 | low)
        index += 2
    }
    return result
}
