/// A `Range: bytes=...` request header read against a file's size (RFC 9110 §14). One range is served;
/// a request for several gets the whole file (allowed: a server may ignore Range), which is what a
/// `<video>` element never asks for anyway.
enum ByteRange: Equatable {
    /// No usable Range header: the whole file, 200.
    case whole
    /// 206 with these bytes (inclusive).
    case part(ClosedRange<Int64>)
    /// 416: the range starts at or after the end.
    case unsatisfiable

    static func parse(_ header: String?, size: Int64) -> ByteRange {
        guard let header = header?.trimmingCharacters(in: .whitespaces), header.lowercased().hasPrefix("bytes=") else {
            return .whole
        }
        let spec = header.dropFirst("bytes=".count)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        guard first.allSatisfy(\.isASCIIDigit), last.allSatisfy(\.isASCIIDigit), !(first.isEmpty && last.isEmpty) else {
            return .whole
        }
        if first.isEmpty {
            // The last N bytes.
            guard let count = Int64(last) else { return .whole }
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .part(max(0, size - count)...(size - 1))
        }
        guard let start = Int64(first) else { return .whole }
        guard start < size else { return .unsatisfiable }
        let end = last.isEmpty ? size - 1 : min(Int64(last) ?? (size - 1), size - 1)
        guard end >= start else { return .whole }  // `bytes=5-2` is invalid: ignored
        return .part(start...end)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
