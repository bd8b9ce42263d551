/// Validation of SHA-256 digests written as text: exactly 64 lowercase hexadecimal characters.
///
/// Object paths are built from these strings, so anything else (upper case, `/`, `..`, a short
/// or long string) is refused before it comes near the file system.
enum SHA256Hex {
    static let length = 64

    /// The digest of nothing-yet: 64 zeros, the `prev_hash` of the first audit entry.
    static let zero = String(repeating: "0", count: length)

    static func isValid(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"):
                count += 1
            default:
                return false
            }
        }
        return count == length
    }

    static func validate(
        _ text: String,
        operation: String,
        function: String = #function,
        file: String = #fileID,
        line: Int = #line
    ) throws(EvidenceError) {
        guard isValid(text) else {
            throw EvidenceError(
                code: .invalidDigest,
                operation: operation,
                message: "not a sha256 digest (64 lowercase hex characters): '\(text.prefix(80))'",
                location: .init(function: function, file: file, line: line)
            )
        }
    }

    /// Lowercase hex of `bytes`.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(length)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
