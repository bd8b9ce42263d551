/// A digest the gateway can compute over evidence bytes.
///
/// SHA-256 is the store's content address, so every digest run includes it; SM3 (GB/T 32905-2016) is
/// added where the national standard is asked for. The raw values are the names used on the command
/// line, in JSON and in the catalog.
public enum DigestAlgorithm: String, CaseIterable, Sendable, Codable, Hashable {
    case sha256
    case sm3

    /// Length of the digest in bytes.
    public var byteCount: Int {
        switch self {
        case .sha256, .sm3: 32
        }
    }

    /// Parses a comma-separated list such as `"sha256,sm3"` (as given to `--digests`).
    ///
    /// Names are case-insensitive and may be surrounded by spaces; empty items (`"sm3,"`) are ignored;
    /// duplicates collapse. The result always starts with ``sha256`` because the store needs it, then
    /// lists the others in the order given.
    ///
    /// - Throws: ``DigestError`` with code ``DigestError/Code/unknownAlgorithm`` naming the first
    ///   unknown name and the known ones.
    public static func parseList(_ s: String) throws(DigestError) -> [DigestAlgorithm] {
        var result: [DigestAlgorithm] = [.sha256]
        for item in s.split(separator: ",", omittingEmptySubsequences: false) {
            let name = item.trimmingSpaces().lowercased()
            if name.isEmpty { continue }
            guard let algorithm = DigestAlgorithm(rawValue: name) else {
                let known = allCases.map(\.rawValue).joined(separator: ", ")
                throw DigestError(
                    code: .unknownAlgorithm, call: "DigestAlgorithm.parseList",
                    message: "unknown digest algorithm '\(item.trimmingSpaces())' (known: \(known))")
            }
            if !result.contains(algorithm) { result.append(algorithm) }
        }
        return result
    }

    /// `algorithms` with duplicates removed and ``sha256`` first: the shape every API here works on.
    static func normalized(_ algorithms: [DigestAlgorithm]) -> [DigestAlgorithm] {
        var result: [DigestAlgorithm] = [.sha256]
        for algorithm in algorithms where !result.contains(algorithm) { result.append(algorithm) }
        return result
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let last = lastIndex(where: { !isSpace($0) })!
        return self[first...last]
    }
}
