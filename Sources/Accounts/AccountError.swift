/// Why an account operation was refused, with a message a person can act on (``description``).
public enum AccountError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name breaks the rule for account names (``AccountName``): `reason` says how.
    case invalidName(String, reason: String)
    /// The password breaks the rule for passwords (``PasswordRule``): `reason` says how.
    case invalidPassword(reason: String)
    /// No such role; the message lists the roles there are.
    case unknownRole(String)
    /// The name is taken (`existing` as it is spelled in the catalog).
    case duplicateName(existing: String)
    /// No account has this name.
    case unknownName(String)
    /// The account is disabled (since `since`), so this operation does not apply.
    case disabled(String, since: String)
    /// The catalog could not be read or written.
    case catalog(String)

    public var description: String {
        switch self {
        case .invalidName(let name, let reason):
            "the account name \"\(name)\" \(reason)"
        case .invalidPassword(let reason):
            "the password \(reason)"
        case .unknownRole(let role):
            "unknown role \"\(role)\"; the roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
        case .duplicateName(let existing):
            "an account named \(existing) exists already (names differing only in case are one account)"
        case .unknownName(let name):
            "no account is named \(name)"
        case .disabled(let name, let since):
            "the account \(name) was disabled at \(since)"
        case .catalog(let message):
            message
        }
    }
}
