import Foundation
import Testing
import TestSupport

/// Sessions over HTTP: the cookie's attributes, wrong passwords, the login throttle (per name and per
/// address), CSRF on every changing request, the login form's own token, idle expiry, logout, and an
/// account disabled or given a new password on the command line while its session is open.
@Suite(.serialized)
struct SessionTests {
    static let custody = #"[{"officer": "310045", "device": "A001234", "from": "2026-11-03T07:00:00+08:00", "to": null}]"#

    @Test func theCookieIsHttpOnlyAndStrictAndAWrongPasswordGetsNone() async throws {
        let home = try WebHome()
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        let signIn = try await http.postJSON("/api/login", ["name": "staff", "password": WebHome.password])
        #expect(signIn.status == 200)
        let cookie = try #require(signIn.header("Set-Cookie"))
        let attributes = Set(cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        #expect(attributes.contains("httponly") && attributes.contains("samesite=strict") && attributes.contains("path=/"), "\(cookie)")
        #expect(try signIn.object()["role"] as? String == "evidence_staff")

        let wrong = try await http.postJSON("/api/login", ["name": "staff", "password": "granite-Meadow-5"])
        #expect(wrong.status == 401, "\(wrong)")
        #expect(wrong.header("Set-Cookie") == nil)
        let unknown = try await http.postJSON("/api/login", ["name": "nobody-here", "password": WebHome.password])
        #expect(unknown.status == 401 && unknown.header("Set-Cookie") == nil)
        #expect(try unknown.object()["error"] as? String == (try wrong.object()["error"] as? String), "the refusal tells nothing of which names exist")
        #expect(try daemon.stop() == 0)
    }

    @Test func theSixthAttemptIsThrottledEvenWithTheRightPasswordAndTheAddressWithIt() async throws {
        let home = try WebHome()
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        for attempt in 1...5 {
            let reply = try await http.postJSON("/api/login", ["name": "staff", "password": "wrong-password-\(attempt)"])
            #expect(reply.status == 401, "attempt \(attempt): \(reply)")
        }
        let right = try await http.postJSON("/api/login", ["name": "staff", "password": WebHome.password])
        #expect(right.status == 429, "\(right)")
        #expect(right.header("Set-Cookie") == nil)
        let retry = try #require(Int(right.header("Retry-After") ?? ""), "\(right)")
        #expect(retry > 0 && retry <= 60, "the first lock is a minute: \(retry)")
        // The five failures came from this address: it is locked too, whatever name it tries.
        let other = try await http.postJSON("/api/login", ["name": "approver", "password": WebHome.password])
        #expect(other.status == 429 && Int(other.header("Retry-After") ?? "") != nil, "\(other)")
        // The form says the same with the page's status.
        let page = try await http.get("/login")
        let token = try #require(HTTPClient.cookieValue(page.header("Set-Cookie"), name: "recgate_login"))
        let form = try await http.send("POST", "/login", csrf: .none, body: Data("_csrf=\(token)&name=legal&password=\(WebHome.password)".utf8),
                                       contentType: "application/x-www-form-urlencoded", headers: ["Cookie": "recgate_login=\(token)"])
        #expect(form.status == 429 && form.header("Set-Cookie")?.contains("recgate_session=") != true, "\(form)")
        #expect(try daemon.stop() == 0)
    }

    @Test func fiveFailuresOfDifferentNamesLockTheAddressAndASuccessClearsTheCount() async throws {
        let home = try WebHome()
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        // Four failures, then the right password: the count starts again.
        for attempt in 1...4 {
            #expect(try await http.postJSON("/api/login", ["name": "legal", "password": "wrong-password-\(attempt)"]).status == 401)
        }
        #expect(try await http.postJSON("/api/login", ["name": "legal", "password": WebHome.password]).status == 200)
        #expect(try await http.postJSON("/api/login", ["name": "legal", "password": "wrong-password-5"]).status == 401)
        #expect(try await http.postJSON("/api/login", ["name": "legal", "password": WebHome.password]).status == 200)
        // Five names fail once each: no name reaches five, the address does.
        for name in ["keeper", "staff", "approver", "admin", "ghost"] {
            #expect(try await http.postJSON("/api/login", ["name": name, "password": "wrong-password-x"]).status == 401)
        }
        let refused = try await http.postJSON("/api/login", ["name": "legal", "password": WebHome.password])
        #expect(refused.status == 429 && Int(refused.header("Retry-After") ?? "") != nil, "\(refused)")
        #expect(try daemon.stop() == 0)
    }

    @Test func everyChangingRequestNeedsTheSessionsCSRFToken() async throws {
        let home = try WebHome()
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        let staff = try await daemon.login("staff")
        let other = try await daemon.login("admin")
        let body = Data(Self.custody.utf8)
        let path = "/api/cases/import?kind=custody&name=custody.json"
        let missing = try await http.send("POST", path, as: staff, csrf: .none, body: body, contentType: "application/json")
        #expect(missing.status == 403, "\(missing)")
        let wrong = try await http.send("POST", path, as: staff, csrf: .token(String(staff.csrf.reversed())), body: body,
                                        contentType: "application/json")
        #expect(wrong.status == 403, "\(wrong)")
        let anothers = try await http.send("POST", path, as: staff, csrf: .token(other.csrf), body: body, contentType: "application/json")
        #expect(anothers.status == 403, "another session's token: \(anothers)")
        // Nothing refused was imported: the custody file's period is added once, by the request that passes.
        let right = try await http.send("POST", path, as: staff, body: body, contentType: "application/json")
        #expect(right.status == 200, "\(right)")
        #expect(try right.object()["added"] as? Int == 1, "\(right)")
        // The form field works as the header does.
        let form = "_csrf=\(staff.csrf)"
        let logout = try await http.send("POST", "/logout", as: staff, csrf: .none, body: Data(form.utf8),
                                         contentType: "application/x-www-form-urlencoded")
        #expect(logout.status == 303 && logout.location == "/login", "\(logout)")
        #expect(try daemon.stop() == 0)
    }

    @Test func theLoginFormNeedsItsCookieAndField() async throws {
        let home = try WebHome()
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        let form = "name=staff&password=\(WebHome.password)"
        let bare = try await http.send("POST", "/login", csrf: .none, body: Data(form.utf8), contentType: "application/x-www-form-urlencoded")
        #expect(bare.status == 403, "\(bare)")
        let page = try await http.get("/login")
        #expect(page.status == 200)
        let token = try #require(HTTPClient.cookieValue(page.header("Set-Cookie"), name: "recgate_login"))
        let fieldOnly = try await http.send("POST", "/login", csrf: .none, body: Data("_csrf=\(token)&\(form)".utf8),
                                            contentType: "application/x-www-form-urlencoded")
        #expect(fieldOnly.status == 403, "\(fieldOnly)")
        let cookieOnly = try await http.send("POST", "/login", csrf: .none, body: Data(form.utf8), contentType: "application/x-www-form-urlencoded",
                                             headers: ["Cookie": "recgate_login=\(token)"])
        #expect(cookieOnly.status == 403, "\(cookieOnly)")
        let both = try await http.send("POST", "/login", csrf: .none, body: Data("_csrf=\(token)&\(form)&next=%2Fclips".utf8),
                                       contentType: "application/x-www-form-urlencoded", headers: ["Cookie": "recgate_login=\(token)"])
        #expect(both.status == 303 && both.location == "/clips", "\(both)")
        let cookie = try #require(HTTPClient.cookieValue(both.header("Set-Cookie"), name: "recgate_session"))
        let me = try await http.get("/api/me", as: WebSession(name: "staff", cookie: cookie, csrf: ""))
        #expect(me.status == 200, "\(me)")
        #expect(try me.object()["name"] as? String == "staff", "\(me)")
        #expect(try daemon.stop() == 0)
    }

    @Test func aSessionEndsAfterItsIdleTime() async throws {
        let home = try WebHome(settings: ["session_idle_seconds": 5])
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        let session = try await daemon.login("keeper")
        #expect(try await http.get("/api/me", as: session).status == 200)
        // The idle time passing is this test's subject: nothing else is waited for by the clock.
        try await Task.sleep(for: .seconds(6))
        let after = try await http.get("/api/me", as: session)
        #expect(after.status == 401, "\(after)")
        #expect(try daemon.stop() == 0)
    }

    @Test func logoutDisableAndANewPasswordEndTheSession() async throws {
        let home = try WebHome()
        let daemon = try WebDaemon(home)
        let http = try daemon.http

        let keeper = try await daemon.login("keeper")
        #expect(try await http.get("/api/bays", as: keeper).status == 200)
        let out = try await http.send("POST", "/api/logout", as: keeper)
        #expect(out.status == 204, "\(out)")
        #expect(out.header("Set-Cookie")?.contains("Max-Age=0") == true, "\(out)")
        #expect(try await http.get("/api/bays", as: keeper).status == 401)

        let approver = try await daemon.login("approver")
        let alsoApprover = try await daemon.login("approver")
        #expect(try await http.get("/api/cases", as: approver).status == 200)
        try home.expect(0, ["user", "disable", "approver"])
        #expect(try await http.get("/api/cases", as: approver).status == 401)
        #expect(try await http.get("/api/cases", as: alsoApprover).status == 401)
        #expect(try await http.postJSON("/api/login", ["name": "approver", "password": WebHome.password]).status == 401)

        let legal = try await daemon.login("legal")
        #expect(try await http.get("/api/audit", as: legal).status == 200)
        try home.expect(0, ["user", "passwd", "legal"], input: "granite-Meadow-9\n")
        #expect(try await http.get("/api/audit", as: legal).status == 401)
        let renewed = try await http.login("legal", "granite-Meadow-9")
        #expect(try await http.get("/api/audit", as: renewed).status == 200)
        #expect(try await http.postJSON("/api/login", ["name": "legal", "password": WebHome.password]).status == 401)
        #expect(try daemon.stop() == 0)
    }
}
