import Accounts
import Foundation
import Hummingbird

/// Signing in and out: `POST /api/login` (JSON, for scripts) and the login form (`POST /login`), both
/// throttled per name and per address; `POST /api/logout`, `POST /logout`; `GET /api/me`.
extension WebHandlers {
    struct Credentials: Decodable {
        var name: String
        var password: String
    }

    /// What `POST /api/login` and `GET /api/me` answer: the account and the CSRF token its session's
    /// changing requests must carry in `X-CSRF-Token`.
    struct SessionDocument: Encodable {
        var name: String
        var role: String
        var csrf_token: String
    }

    func registerSession(_ book: inout RouteBook) {
        book.add(.init(.post, "/api/login", .anonymous, .api, "Sign in: opens a session (cookie) and returns its CSRF token")) { request, context in
            let credentials: Credentials
            do {
                credentials = try await request.decode(as: Credentials.self, context: context)
            } catch {
                throw WebError(.badRequest, "the body must be JSON {\"name\": ..., \"password\": ...}")
            }
            let (session, state) = try await signIn(credentials.name, credentials.password, context: context)
            var response = try Response.json(SessionDocument(name: state.name, role: state.role.rawValue, csrf_token: session.csrf))
            response.setCookie(sessionCookie(session.id))
            return response
        }
        book.add(.init(.post, "/api/logout", .signedIn, .api, "Sign out: ends the session")) { _, context in
            try signOut(try identity(context))
            var response = Response(status: .noContent)
            response.setCookie(expiredCookie())
            return response
        }
        book.add(.init(.get, "/api/me", .signedIn, .api, "The signed-in account and its session's CSRF token")) { _, context in
            let identity = try identity(context)
            return try Response.json(SessionDocument(name: identity.name, role: identity.role.rawValue, csrf_token: identity.csrf))
        }
    }

    /// Checks the throttle, then the password; opens the session. Failures are answered alike whatever
    /// was wrong (name, password, disabled), so they tell nothing of which names exist.
    func signIn(_ name: String, _ password: String, context: WebContext) async throws -> ((id: String, csrf: String), AccountState) {
        let now = Date()
        let address = context.clientAddress
        if let refusal = throttle.check(name: name, address: address, at: now) {
            let seconds = refusal.retryAfter
            throw WebError(.tooManyRequests, "too many failed sign-ins: try again in \(seconds) s",
                           headers: [.retryAfter: String(seconds)])
        }
        // bcrypt's deliberate slowness (a quarter second at cost 12) runs on a thread of its own: on the
        // server's few threads it would hold every other request, the live progress among them.
        let accounts = self.accounts
        let state = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AccountState?, any Error>) in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try accounts.signIn(name: name, password: password) })
            }
        }
        guard let state else {
            throttle.failed(name: name, address: address, at: now)
            logger.notice("sign-in refused for \(name.debugDescription) from \(address)")
            try gateway.audit(action: "account.sign_in_refused", object: "account:\(name.prefix(64))", actor: "web:anonymous",
                              detail: ["address": address])
            throw WebError(.unauthorized, "wrong name or password, or the account is disabled")
        }
        throttle.succeeded(name: name, address: address, at: now)
        let session = sessions.open(name: state.name, role: state.role, passwordChangedAt: state.passwordChangedAt, now: now)
        logger.info("\(state.name) signed in from \(address)")
        try gateway.audit(action: "account.signed_in", object: "account:\(state.name)", actor: "web:\(state.name)",
                          detail: ["address": address])
        return (session, state)
    }

    func signOut(_ identity: SignedIn) throws {
        sessions.close(identity.session)
        try gateway.audit(action: "account.signed_out", object: "account:\(identity.name)", actor: identity.actor, detail: [:])
    }

    func sessionCookie(_ id: String) -> Cookie {
        Cookie(name: SessionMiddleware.cookie, value: id, path: "/", secure: settings.secureCookies, httpOnly: true, sameSite: .strict)
    }

    func expiredCookie() -> Cookie {
        Cookie(name: SessionMiddleware.cookie, value: "", maxAge: 0, path: "/", secure: settings.secureCookies, httpOnly: true,
               sameSite: .strict)
    }
}
