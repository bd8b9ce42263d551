import Accounts
import HTTPTypes

/// Who may use a route: anonymous callers, any signed-in account, or the listed roles (administrators
/// always included).
public enum Access: Sendable, Hashable {
    /// No account needed (the login page, the OpenAPI document, static assets).
    case anonymous
    /// No account needed when the caller connects from the loopback address (status and metrics, read
    /// by `recgate status` and a local scraper); otherwise only administrators.
    case loopback
    /// Any signed-in account, whatever its role.
    case signedIn
    /// Signed-in accounts with one of these roles, or an administrator.
    case roles(Set<Role>)

    /// Whether an account with `role` (nil: anonymous) connecting from loopback or not may use the route.
    public func allows(_ role: Role?, loopback: Bool) -> Bool {
        switch self {
        case .anonymous: true
        case .loopback: loopback || role == .administrator
        case .signedIn: role != nil
        case .roles(let roles): role.map { $0 == .administrator || roles.contains($0) } ?? false
        }
    }

    /// The roles allowed, for the OpenAPI document and the route list.
    public var roleNames: [String] {
        switch self {
        case .anonymous: ["anonymous"]
        case .loopback: ["loopback", Role.administrator.rawValue]
        case .signedIn: Role.allCases.map(\.rawValue)
        case .roles(let roles): (roles.union([.administrator])).sorted().map(\.rawValue)
        }
    }
}

/// One route the web layer serves: its method and path, who may use it, and what it is.
public struct RouteDeclaration: Sendable, Hashable {
    public enum Kind: String, Sendable { case api, page, asset, tool }

    public var method: HTTPRequest.Method
    /// The path as the router knows it, with `{name}` parameters (`/api/clips/{id}`).
    public var path: String
    public var access: Access
    public var kind: Kind
    public var summary: String

    public init(_ method: HTTPRequest.Method, _ path: String, _ access: Access, _ kind: Kind, _ summary: String) {
        self.method = method
        self.path = path
        self.access = access
        self.kind = kind
        self.summary = summary
    }

    /// Changes something: needs the session's CSRF token.
    public var isUnsafe: Bool { ![.get, .head, .options].contains(method) }
}
