import Foundation
import HTTPTypes
import Hummingbird

/// Finds the session of each request (cookie `recgate_session`), checks it is still good against the
/// account, and refuses a changing request (POST, PUT, PATCH, DELETE) that does not carry the session's
/// CSRF token, in the `X-CSRF-Token` header or a form's `_csrf` field. The two ways in without a session
/// have their own guard: `POST /login` a login token in a cookie and the form (double submit), and
/// `POST /api/login` a JSON body, which a page of another site cannot send without the browser asking
/// first.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext

    let sessions: SessionStore
    let accounts: any AccountDirectory

    static let cookie = "recgate_session"
    static let loginCookie = "recgate_login"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// The client a reverse proxy forwarded the request for: the last `X-Forwarded-For` entry (the one
    /// the proxy in front of the gateway appended), else `X-Real-IP`, else `forwarded` when only a
    /// `Forwarded` header tells there was a proxy; nil for a direct request.
    static func forwardedClient(_ request: Request) -> String? {
        if let list = request.headers[HTTPField.Name("X-Forwarded-For")!],
           let last = list.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return last
        }
        if let real = request.headers[HTTPField.Name("X-Real-IP")!]?.trimmingCharacters(in: .whitespaces), !real.isEmpty {
            return real
        }
        return request.headers[HTTPField.Name("Forwarded")!] == nil ? nil : "forwarded"
    }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        context.forwardedFor = Self.forwardedClient(request)
        if let id = request.cookies[Self.cookie]?.value, let entry = sessions.touch(id) {
            // An account disabled or given a new password since the session began ends it.
            if let state = try accounts.state(of: entry.name), !state.disabled, state.passwordChangedAt == entry.passwordChangedAt {
                context.identity = SignedIn(name: entry.name, role: state.role, session: id, csrf: entry.csrf)
            } else {
                sessions.closeAll(name: entry.name)
            }
        }
        let unsafe = ![.get, .head, .options].contains(request.method)
        if unsafe {
            switch request.uri.path {
            case "/api/login":
                guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
                    throw WebError(.unsupportedMediaType, "POST /api/login takes a JSON body (Content-Type: application/json)")
                }
            case "/login":
                let form = try await FormFields.read(&request, context: context)
                guard let cookie = request.cookies[Self.loginCookie]?.value, let field = form["_csrf"],
                      SecureToken.equal(cookie, field)
                else {
                    throw WebError(.forbidden, "the login form has expired: load the login page again")
                }
            default:
                if let identity = context.identity {
                    var token = request.headers[Self.csrfHeader]
                    if token == nil { token = try await FormFields.read(&request, context: context)["_csrf"] }
                    guard let token, SecureToken.equal(token, identity.csrf) else {
                        throw WebError(.forbidden, "missing or wrong CSRF token (X-CSRF-Token header or _csrf field)")
                    }
                }
                // Without a session the route's access check answers (401).
            }
        }
        return try await next(request, context)
    }
}
