/// The digests of one byte stream: lowercase hexadecimal per algorithm, SHA-256 always present.
///
/// Encodes as a JSON object keyed by algorithm name, `{"sha256": "…", "sm3": "…"}`, which is also
/// the shape the catalog and the export notes use.
public struct DigestSet: Sendable, Hashable, Codable, CustomStringConvertible {
    private var values: [DigestAlgorithm: String]

    /// Values already known to be valid (from a finalized hash).
    init(validated values: [DigestAlgorithm: String]) {
        precondition(values[.sha256] != nil, "a DigestSet always holds SHA-256")
        self.values = values
    }

    /// A set from stored hex strings, e.g. read back from the catalog. Uppercase digits are accepted
    /// and lowered, so that equal digests compare equal.
    ///
    /// - Throws: ``DigestError`` with ``DigestError/Code/invalidDigest`` when SHA-256 is missing or a
    ///   value is not the algorithm's length in hex digits.
    public init(hexValues: [DigestAlgorithm: String]) throws(DigestError) {
        var values: [DigestAlgorithm: String] = [:]
        for (algorithm, text) in hexValues {
            let lowered = text.lowercased()
            guard isLowercaseHex(lowered, count: algorithm.byteCount * 2) else {
                throw DigestError(
                    code: .invalidDigest, call: "DigestSet.init",
                    message: "\(algorithm.rawValue) digest must be \(algorithm.byteCount * 2) hex digits, got '\(text)'")
            }
            values[algorithm] = lowered
        }
        guard values[.sha256] != nil else {
            throw DigestError(code: .invalidDigest, call: "DigestSet.init", message: "sha256 digest is missing")
        }
        self.values = values
    }

    /// The digest for `algorithm`, or `nil` if it was not computed.
    public subscript(_ algorithm: DigestAlgorithm) -> String? { values[algorithm] }

    /// The SHA-256 digest: the store's content address.
    public var sha256: String { values[.sha256]! }

    /// The algorithms present, in ``DigestAlgorithm/allCases`` order (so SHA-256 first).
    public var algorithms: [DigestAlgorithm] { DigestAlgorithm.allCases.filter { values[$0] != nil } }

    /// `sha256:… sm3:…`, one item per algorithm.
    public var description: String {
        algorithms.map { "\($0.rawValue):\(values[$0]!)" }.joined(separator: " ")
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var values: [DigestAlgorithm: String] = [:]
        for key in container.allKeys {
            // Unknown keys are skipped so that a catalog written by a newer gateway still decodes.
            guard let algorithm = DigestAlgorithm(rawValue: key.stringValue) else { continue }
            values[algorithm] = try container.decode(String.self, forKey: key)
        }
        do {
            try self.init(hexValues: values)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.message, underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for algorithm in algorithms {
            try container.encode(values[algorithm]!, forKey: Key(stringValue: algorithm.rawValue))
        }
    }
}
