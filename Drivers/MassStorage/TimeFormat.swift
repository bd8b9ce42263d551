import DeviceKit

/// A fixed-width time layout as profiles write it: `yyyy`, `yy`, `MM`, `dd`, `HH`, `mm`, `ss`, and literal
/// characters. Parsing is strict and digit-only; it never normalises (a month 13 stays 13), so that a
/// recorder's impossible date is seen as impossible instead of being rolled into the next year, which is
/// what a lenient date formatter would do.
struct TimeFormat: Sendable, Hashable {
    enum Field: Sendable, Hashable {
        case year4, year2, month, day, hour, minute, second

        var width: Int { self == .year4 ? 4 : 2 }
    }

    enum Piece: Sendable, Hashable {
        case field(Field)
        case literal(Character)
    }

    let pieces: [Piece]

    init(_ format: String) throws(MassStorageError) {
        let tokens: [(String, Field)] = [
            ("yyyy", .year4), ("yy", .year2), ("MM", .month), ("dd", .day), ("HH", .hour), ("mm", .minute),
            ("ss", .second),
        ]
        var pieces: [Piece] = []
        var rest = Substring(format)
        next: while !rest.isEmpty {
            for (token, field) in tokens where rest.hasPrefix(token) {
                pieces.append(.field(field))
                rest = rest.dropFirst(token.count)
                continue next
            }
            let c = rest.first!
            if c.isLetter {
                throw MassStorageError(
                    code: .invalidProfile, path: nil,
                    message: "time format \"\(format)\": unknown letter \"\(c)\" (use yyyy yy MM dd HH mm ss)")
            }
            pieces.append(.literal(c))
            rest = rest.dropFirst()
        }
        guard pieces.contains(where: { if case .field = $0 { true } else { false } }) else {
            throw MassStorageError(code: .invalidProfile, path: nil, message: "time format \"\(format)\" has no fields")
        }
        self.pieces = pieces
    }

    /// The fields `text` gives, or nil when it does not have this layout (wrong length, a non-digit).
    func parse<S: StringProtocol>(_ text: S) -> [Field: Int]? {
        var values: [Field: Int] = [:]
        var index = text.startIndex
        for piece in pieces {
            switch piece {
            case .literal(let c):
                guard index < text.endIndex, text[index] == c else { return nil }
                index = text.index(after: index)
            case .field(let field):
                var value = 0
                for _ in 0..<field.width {
                    guard index < text.endIndex, let digit = text[index].wholeNumberValue, text[index].isASCII
                    else { return nil }
                    value = value * 10 + digit
                    index = text.index(after: index)
                }
                values[field] = value
            }
        }
        return index == text.endIndex ? values : nil
    }

    /// A wall-clock reading from date fields and time fields (either may come from one combined format).
    /// Missing seconds read as 0. Nil when a date or time field is missing altogether.
    static func timestamp(_ fields: [Field: Int]) -> LocalTimestamp? {
        let year = fields[.year4] ?? fields[.year2].map { 2000 + $0 }
        guard let year, let month = fields[.month], let day = fields[.day], let hour = fields[.hour],
              let minute = fields[.minute] else { return nil }
        return LocalTimestamp(year: year, month: month, day: day, hour: hour, minute: minute,
                              second: fields[.second] ?? 0)
    }
}
