import Accounts
import Hummingbird
import NIOCore

/// The request context of the web layer: who is asking (from the session cookie) and from where.
public struct WebContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address (loopback callers may read `/status` and `/metrics` without an account).
    public let remoteAddress: SocketAddress?
    /// The signed-in account, set by ``SessionMiddleware`` from a live session.
    public var identity: SignedIn?
    /// The request came through a reverse proxy (it carries `X-Forwarded-For`, `Forwarded` or
    /// `X-Real-IP`): the caller is elsewhere, whatever the peer address says.
    var forwardedFor: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        identity = nil
        forwardedFor = nil
    }

    /// Case, custody and clock files come in bodies; nothing else needs more than this.
    public var maxUploadSize: Int { WebLimits.maxBodyBytes }

    /// The caller's address as text, for throttling, the audit log and the log: the address a proxy on
    /// this machine says it forwarded for, else the peer's (`unknown` when the channel has none).
    var clientAddress: String { forwardedFor ?? remoteAddress?.ipAddress ?? "unknown" }

    /// The caller is on this machine: it connects from the loopback address, not through a proxy.
    var isLoopback: Bool {
        guard forwardedFor == nil, let address = remoteAddress?.ipAddress else { return false }
        return address == "127.0.0.1" || address == "::1" || address.hasPrefix("127.") || address == "::ffff:127.0.0.1"
    }
}

/// The account a live session belongs to.
public struct SignedIn: Sendable, Hashable {
    public var name: String
    public var role: Role
    /// The session's id (the cookie's value), to end it at logout.
    var session: String
    /// The token every changing request of this session must carry (`X-CSRF-Token` or form field `_csrf`).
    public var csrf: String

    /// The audit log's actor for what this account does through the web.
    public var actor: String { "web:\(name)" }
}

/// Sizes the web layer refuses beyond.
enum WebLimits {
    /// The largest request body: a case, custody or clock file of a busy month.
    static let maxBodyBytes = 8 << 20
}
