/// The rule for identifiers people and other systems hand the gateway: case and step ids, officers,
/// device serials. They end up in the catalog, in file names of reports and on terminals, so they are
/// short and plain: at most 64 characters, each a letter of any script (Chinese included, with its
/// combining marks), a decimal digit, or one of `-` `_` `.` `/` `:`. No spaces, no control or invisible
/// formatting characters, no punctuation that a shell or a terminal would read.
public enum Identifier {
    public static let maximumLength = 64
    /// The punctuation allowed besides letters and digits.
    public static let punctuation: Set<Unicode.Scalar> = ["-", "_", ".", "/", ":"]

    /// Why `text` is not an identifier, or nil when it is. An empty text is left to the caller (an
    /// empty required field has a message of its own).
    public static func problem(_ text: String) -> String? {
        let count = text.count
        if count > maximumLength {
            return "is \(count) characters long; an identifier has at most \(maximumLength)"
        }
        for scalar in text.unicodeScalars where !allowed(scalar) {
            return "contains \(TerminalText.describe(scalar)); an identifier has letters, digits and - _ . / : only"
        }
        return nil
    }

    static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        if punctuation.contains(scalar) { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
             .nonspacingMark, .spacingMark:
            return true
        default: return false
        }
    }
}
