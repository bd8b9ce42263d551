/// Why the last sign-in failed, for the message slot of the login page.
public enum LoginProblem: Sendable, Hashable {
    /// Wrong name or password (never saying which).
    case invalid
    /// Too many failures: wait this many seconds.
    case throttled(retryAfterSeconds: Int)
}

extension Pages {
    /// The sign-in form: POST /login with `name`, `password` and `_csrf`; `#login-message` says why the
    /// last attempt failed (empty otherwise).
    public static func login(problem: LoginProblem? = nil, name: String = "", context: PageContext) -> Page {
        let c = context
        var message = ""
        switch problem {
        case nil: break
        case .invalid:
            message = "<p id=\"login-message\" class=\"notice error\" role=\"alert\" data-problem=\"invalid\">\(c.t(.loginInvalid))</p>"
        case .throttled(let seconds):
            message = "<p id=\"login-message\" class=\"notice error\" role=\"alert\" data-problem=\"throttled\" "
                + "data-retry-after=\"\(max(0, seconds))\">\(c.t(.loginThrottled)) \(max(0, seconds)) \(c.t(.loginThrottledAfter))</p>"
        }
        if message.isEmpty { message = "<p id=\"login-message\" class=\"notice\" role=\"alert\" hidden></p>" }
        let body = """
            <section class="card login">
            \(message)
            <form id="login-form" method="post" action="/login">
            \(c.csrfInput)
            <label for="login-name">\(c.t(.accountName))</label>
            <input id="login-name" name="name" type="text" autocomplete="username" required value="\(HTML.escape(name))">
            <label for="login-password">\(c.t(.password))</label>
            <input id="login-password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">\(c.t(.signIn))</button>
            </form>
            </section>

            """
        return Layout.page(title: c.raw(.signInTitle), section: nil, pageID: "login", context: c, body: body)
    }
}
