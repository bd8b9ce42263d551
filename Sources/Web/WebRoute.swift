import Accounts

/// Who may use a route: anonymous callers, any signed-in account, or the listed roles (administrators
/// always included).
public enum Access: Sendable, Hashable {
    /// No account needed (the login page, the OpenAPI document, static assets).
    case anonymous
    /// No account needed when the caller connects from the loopback address (status and metrics, read
    /// by `recgate status` and a local scraper); otherwise as `roles` with every role.
    case loopback
    /// Any signed-in account, whatever its role.
    case signedIn
    /// Signed-in accounts with one of these roles, or an administrator.
    case roles(Set<Role>)
}
