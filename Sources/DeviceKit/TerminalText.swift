/// Text from files and devices made safe to print on a terminal: C0 and C1 control characters and DEL
/// are written as escapes (`\x1b`, `\n`, `\u{85}`), so an ESC sequence in a file name or a case title
/// cannot move the cursor, recolour or retitle the terminal, or hide the lines before it.
public enum TerminalText {
    /// Every control character escaped, line feeds and tabs included: for one value in a line.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) { out += escape(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// `text` escaped except for the line feeds and tabs that lay out a report: for whole blocks of
    /// output whose lines the program wrote.
    public static func escapedKeepingLayout(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0) && $0 != "\n" && $0 != "\t" }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) && scalar != "\n" && scalar != "\t" { out += escape(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F): the code points terminals act on.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// A scalar named for a message: `"a"`, or `a control character (\x1b)`.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        if needsEscape(scalar) { return "a control character (\(escape(scalar)))" }
        if scalar.properties.isWhitespace { return "a space (U+\(hex(scalar.value, 4)))" }
        return "\"\(scalar)\""
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        default: scalar.value < 0x80 ? "\\x" + hex(scalar.value, 2) : "\\u{" + hex(scalar.value, 2) + "}"
        }
    }

    private static func hex(_ value: UInt32, _ width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: false)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
