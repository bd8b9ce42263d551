import Accounts
import Foundation
import Gateway
import Hummingbird
import Logging

/// What every handler of the web layer shares: the composition root's gateway, the daemon's live
/// status, the accounts, the sessions and the login throttle.
struct WebHandlers: Sendable {
    let gateway: Gateway
    let live: any LiveStatus
    let accounts: any AccountDirectory
    let sessions: SessionStore
    let throttle: LoginThrottle
    let memo: AccessMemo
    let settings: WebSettings
    let logger: Logger
    /// Where clip searches run: below the offloads' priority.
    let readers: ReadingWorkers

    /// A path parameter, refused with 400 when absent.
    func parameter(_ name: String, _ context: WebContext) throws -> String {
        guard let value = context.parameters.get(name), !value.isEmpty else {
            throw WebError(.badRequest, "missing \(name)")
        }
        return value
    }

    /// The signed-in account (routes that reach a handler needing it have one: their access says so).
    func identity(_ context: WebContext) throws -> SignedIn {
        guard let identity = context.identity else { throw WebError(.unauthorized, "sign in first (POST /api/login)") }
        return identity
    }
}

/// How the web layer is set up, from the configuration.
public struct WebSettings: Sendable {
    /// A session ends after this long without a request.
    public var sessionIdle: TimeInterval
    /// ...and after this long whatever happens.
    public var sessionLifetime: TimeInterval
    /// Cookies carry `Secure` (the gateway is reached over HTTPS through a reverse proxy).
    public var secureCookies: Bool

    public init(sessionIdle: TimeInterval = 30 * 60, sessionLifetime: TimeInterval = 12 * 3600, secureCookies: Bool = false) {
        self.sessionIdle = sessionIdle
        self.sessionLifetime = sessionLifetime
        self.secureCookies = secureCookies
    }
}
