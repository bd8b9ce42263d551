import DeviceKit
import Foundation

/// The rule for account names: 1 to 64 characters, each a letter of any script (Chinese names included),
/// a decimal digit, or one of `.` `_` `-`, beginning with a letter or a digit (a name beginning with `-`
/// reads as an option on a command line, one beginning with `.` as a path). It is ``Identifier``'s rule
/// without `/` and `:`, which would cut a name out of a URL path or an audit object (`account:NAME`).
///
/// Names are kept in Unicode NFC, so the same name typed on two keyboards is one account; letters of
/// ASCII compare without case in the catalog.
public enum AccountName {
    public static let maximumLength = 64

    /// `text` in NFC, or why it is not an account name.
    public static func normalized(_ text: String) throws(AccountError) -> String {
        let name = text.precomposedStringWithCanonicalMapping
        guard let first = name.unicodeScalars.first else { throw .invalidName(text, reason: "is empty") }
        // Scalars, not characters: the catalog's length check counts code points.
        let length = name.unicodeScalars.count
        if length > maximumLength {
            throw .invalidName(text, reason: "is \(length) characters long; a name has at most \(maximumLength)")
        }
        for scalar in name.unicodeScalars where scalar == "/" || scalar == ":" || Identifier.problem(String(scalar)) != nil {
            throw .invalidName(text, reason: "contains \(TerminalText.describe(scalar)); a name has letters, digits and . _ - only")
        }
        switch first.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .otherPunctuation, .dashPunctuation, .connectorPunctuation:
            throw .invalidName(text, reason: "begins with \(TerminalText.describe(first)); a name begins with a letter or a digit")
        default:
            return name
        }
    }

    /// The key the login throttle counts a name under: NFC, lowercased, at most 64 characters, whether or
    /// not such an account exists (attempts on names that do not exist are counted too).
    static func throttleKey(_ text: String) -> String {
        var key = String.UnicodeScalarView()
        key.append(contentsOf: text.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars.prefix(maximumLength))
        return String(key)
    }
}
