import Foundation
import Testing
import TestSupport

/// Every declared route against every role and an anonymous caller, over HTTP: the route list the
/// daemon serves is the walk's input, so a route added later is walked too.
@Suite(.serialized)
struct AccessMatrixTests {
    struct Route {
        var method: String
        var path: String
        var kind: String
        var access: [String]

        var key: String { "\(method) \(path)" }
        var isLogout: Bool { path == "/api/logout" || path == "/logout" }

        /// Whether a caller with `role` (nil: anonymous) from the loopback address may use it.
        func allows(_ role: String?) -> Bool {
            if access.contains("anonymous") || access.contains("loopback") { return true }
            guard let role else { return false }
            return role == "administrator" || access.contains(role)
        }
    }

    @Test func everyRouteAnswersEveryRoleAsItsAccessSays() async throws {
        let scenario = try WebScenario()
        let daemon = try WebDaemon(scenario.home)
        let http = try daemon.http
        let admin = try await daemon.login("admin")

        let listed = try await http.get("/api/routes", as: admin)
        #expect(listed.status == 200, "\(listed)")
        let routes = try #require(try listed.json() as? [[String: Any]]).map { entry in
            Route(method: entry["method"] as? String ?? "", path: entry["path"] as? String ?? "", kind: entry["kind"] as? String ?? "",
                  access: entry["access"] as? [String] ?? [])
        }
        #expect(routes.count >= 30, "\(routes.map(\.key))")
        #expect(routes.allSatisfy { !$0.access.isEmpty && !$0.method.isEmpty && $0.path.hasPrefix("/") })

        // The OpenAPI document lists exactly the API and tool routes.
        let openAPI = try await http.get("/openapi.json")
        #expect(openAPI.status == 200)
        let paths = try #require(try openAPI.object()["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        let served = Set(routes.filter { $0.kind == "api" || $0.kind == "tool" }.map(\.key))
        #expect(documented == served, "only documented: \(documented.subtracting(served)); only served: \(served.subtracting(documented))")
        #expect(documented.contains("GET /api/clips/{id}/original") && documented.contains("POST /api/login"))
        // Each operation's security is its access: none for anonymous routes, the session optional from
        // loopback, else required.
        for route in routes where route.kind == "api" || route.kind == "tool" {
            let operation = paths[route.path]?[route.method.lowercased()] as? [String: Any]
            let security = (operation?["security"] as? [[String: Any]])?.map(\.isEmpty)
            let expected: [Bool]? = route.access == ["anonymous"] ? nil : route.access.contains("loopback") ? [true, false] : [false]
            #expect(security == expected, "\(route.key): \(String(describing: operation?["security"]))")
        }

        let callers: [String?] = [nil] + WebHome.roles.keys.sorted()
        var failures: [String] = []
        for name in callers {
            let role = name.map { WebHome.roles[$0]! }
            let session = name == nil ? nil : try await daemon.login(name!)
            // The logout routes end the session: last, each with a session of its own.
            for route in routes.sorted(by: { !$0.isLogout && $1.isLogout }) {
                var caller = session
                if route.isLogout, let name { caller = try await daemon.login(name) }
                let reply = try await request(route, as: caller, scenario: scenario, http: http)
                let who = name ?? "anonymous"
                if route.allows(role) {
                    if reply.status == 401 || reply.status == 403 { failures.append("\(who) \(route.key): allowed, got \(reply.status)") }
                    if reply.status >= 500 { failures.append("\(who) \(route.key): \(reply.status) \(reply.text.prefix(200))") }
                } else if role == nil {
                    if route.kind == "page" && route.method == "GET" {
                        if reply.status != 303 || reply.location?.hasPrefix("/login") != true {
                            failures.append("anonymous \(route.key): expected 303 to /login, got \(reply.status) \(reply.location ?? "")")
                        }
                    } else if reply.status != 401 {
                        failures.append("anonymous \(route.key): expected 401, got \(reply.status)")
                    }
                } else if reply.status != 403 {
                    failures.append("\(who) \(route.key): expected 403, got \(reply.status)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(try daemon.stop() == 0)
    }

    /// Sends `route` with its path parameters filled (a real clip, case, device; bay 1), a POST with the
    /// session's CSRF token and the body its route reads; the event stream only to its status line.
    func request(_ route: Route, as session: WebSession?, scenario: WebScenario, http: HTTPClient) async throws -> HTTPReply {
        let clipID = try scenario.id("A1")
        var path = route.path
        let isCase = path.contains("/cases/")
        path = path.replacingOccurrences(of: "{id}", with: isCase ? WebScenario.caseID : clipID)
            .replacingOccurrences(of: "{serial}", with: WebScenario.serial)
            .replacingOccurrences(of: "{bay}", with: "1")
            .replacingOccurrences(of: "{name}", with: "dashboard.css")
        if path.hasSuffix("/original") { path += "?reason=access%20matrix" }
        if route.path == "/api/events" {
            let stream = try await http.open(path, as: session)
            stream.cancel()
            return HTTPReply(status: stream.status, headers: [:], body: Data())
        }
        guard route.method == "POST" else { return try await http.get(path, as: session) }
        switch route.path {
        case "/api/login":
            // A right password for any account: the route is open to all; what it answers is not the access check.
            return try await http.postJSON(path, ["name": session?.name ?? "keeper", "password": WebHome.password], as: session)
        case "/login":
            // The form's double-submit token: the login page's cookie and the same value in the form.
            let page = try await http.get("/login")
            let token = try #require(HTTPClient.cookieValue(page.header("Set-Cookie"), name: "recgate_login"), "\(page)")
            var cookie = "recgate_login=\(token)"
            if let session { cookie += "; recgate_session=\(session.cookie)" }
            let form = "_csrf=\(token)&name=\(session?.name ?? "keeper")&password=\(WebHome.password)&next=%2F"
            return try await http.send("POST", path, csrf: .none, body: Data(form.utf8), contentType: "application/x-www-form-urlencoded",
                                       headers: ["Cookie": cookie])
        case "/clips/{id}/download":
            return try await http.send("POST", path, as: session, body: Data("reason=access+matrix".utf8),
                                       contentType: "application/x-www-form-urlencoded")
        default:
            return try await http.send("POST", path, as: session, body: Data("{}".utf8), contentType: "application/json")
        }
    }
}

extension HTTPReply {
    var location: String? { header("Location") }
}
