import DeviceKit

/// The rule for passwords: at least 10 characters, not one character repeated, at most 72 bytes of UTF-8
/// (bcrypt reads no further: a longer password is refused, never cut short silently), and no control
/// characters (a NUL would end the password early in bcrypt's C code; a carriage return left by a file
/// written on Windows would become part of it unseen).
public enum PasswordRule {
    public static let minimumCharacters = 10
    /// bcrypt's limit.
    public static let maximumBytes = 72

    /// Why `password` may not be set, or nil when it may.
    public static func problem(_ password: String) -> String? {
        let characters = password.count
        if characters < minimumCharacters {
            return "is \(characters) characters long; a password has at least \(minimumCharacters)"
        }
        let bytes = password.utf8.count
        if bytes > maximumBytes {
            return "is \(bytes) bytes long in UTF-8; a password has at most \(maximumBytes) (bcrypt ignores the rest)"
        }
        if let control = password.unicodeScalars.first(where: TerminalText.needsEscape) {
            return "contains \(TerminalText.describe(control)); a password has none"
        }
        if Set(password).count == 1 {
            return "is one character repeated; choose one that is harder to guess"
        }
        return nil
    }

    /// Whether bcrypt would read `password` whole and as typed: what a sign-in attempt must satisfy before
    /// it is compared (a longer one would match a stored password by its first 72 bytes).
    static func comparable(_ password: String) -> Bool {
        !password.isEmpty && password.utf8.count <= maximumBytes && !password.unicodeScalars.contains(where: TerminalText.needsEscape)
    }
}
