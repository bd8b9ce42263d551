/// The one HTML escaper: every text that did not come from the renderer's own literals goes through it,
/// in element content and in attribute values alike (always quoted with `"`). Used by the case report's
/// HTML and the dashboard.
public enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as character references; control characters other than tab and line
    /// breaks become U+FFFD (they are not allowed in HTML text and a file name may hold them).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
