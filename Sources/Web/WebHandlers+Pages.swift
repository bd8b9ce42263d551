import DeviceKit
import Accounts
import Compliance
import ComplianceCatalog
import Dashboard
import Evidence
import Foundation
import Gateway
import Hummingbird
import Presentation

/// The dashboard: server-rendered pages over the same documents the API serves, each declared with the
/// roles of its API counterpart. Forms post back here (with the CSRF field) and answer with a redirect.
extension WebHandlers {
    func registerPages(_ book: inout RouteBook) {
        book.add(.init(.get, "/", .anonymous, .page, "The dashboard: the signed-in role's first page, else the sign-in form")) { request, context in
            guard let identity = context.identity, let first = Section.visible(to: identity.role).first else {
                return .seeOther("/login")
            }
            let language = request.uri.queryParameters["lang"].map { "?lang=\($0)" } ?? ""
            return .seeOther(first.path + language)
        }
        registerLogin(&book)
        registerKeeperPages(&book)
        registerClipPages(&book)
        registerCasePages(&book)
    }

    var zone: TimeZone { (try? gateway.configuration().zone()) ?? TimeZone(identifier: "UTC")! }

    func page(_ request: Request, _ context: WebContext, status: HTTPResponse.Status = .ok,
              _ render: (PageContext) throws -> Page) rethrows -> Response {
        PageRenderer.response(try render(PageRenderer.context(request, context, zone: zone)), request: request, status: status)
    }

    // MARK: signing in

    func registerLogin(_ book: inout RouteBook) {
        book.add(.init(.get, "/login", .anonymous, .page, "The sign-in form")) { request, context in
            loginForm(request, context, problem: nil, name: "", status: .ok)
        }
        book.add(.init(.post, "/login", .anonymous, .page, "Signs in from the form, then goes on to `next`")) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            let name = form["name"] ?? ""
            do {
                let (session, _) = try await signIn(name, form["password"] ?? "", context: context)
                var response = Response.seeOther(Self.localTarget(form["next"]))
                response.setCookie(sessionCookie(session.id))
                return response
            } catch let error as WebError where error.status == .tooManyRequests {
                let seconds = Int(error.headers[.retryAfter] ?? "") ?? 60
                return loginForm(request, context, problem: .throttled(retryAfterSeconds: seconds), name: name, status: .tooManyRequests)
            } catch let error as WebError where error.status == .unauthorized {
                return loginForm(request, context, problem: .invalid, name: name, status: .unauthorized)
            }
        }
        book.add(.init(.post, "/logout", .signedIn, .page, "Signs out and goes to the sign-in form")) { _, context in
            try signOut(try identity(context))
            var response = Response.seeOther("/login")
            response.setCookie(expiredCookie())
            return response
        }
    }

    /// The form with a fresh login token, set in a cookie too (the double submit that guards the form).
    func loginForm(_ request: Request, _ context: WebContext, problem: LoginProblem?, name: String, status: HTTPResponse.Status) -> Response {
        let token = SecureToken.make()
        var pageContext = PageRenderer.context(request, context, csrf: token, zone: zone)
        pageContext.account = nil
        var response = PageRenderer.response(Pages.login(problem: problem, name: name, context: pageContext), request: request, status: status)
        response.setCookie(Cookie(name: SessionMiddleware.loginCookie, value: token, path: "/login", secure: settings.secureCookies,
                                  httpOnly: true, sameSite: .strict))
        return response
    }

    /// Where to go after signing in: a path on this gateway only (`/clips?x`), never another site.
    static func localTarget(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), !next.contains("\r"), !next.contains("\n")
        else { return "/" }
        return next
    }

    // MARK: keepers

    func registerKeeperPages(_ book: inout RouteBook) {
        book.add(.init(.get, "/bays", Self.keepers, .page, "The bay grid, kept current by server-sent events")) { request, context in
            let health = try deviceHealth()
            return page(request, context) { Pages.bays(status: live.status(), health: health, context: $0) }
        }
        book.add(.init(.post, "/bays/{bay}/power-cycle", Self.keepers, .page, "Power-cycles a bay from the grid")) { _, context in
            _ = try powerCycle(context)
            return .seeOther("/bays")
        }
        book.add(.init(.get, "/devices", Self.keepers, .page, "Every known device with its health")) { request, context in
            let health = try deviceHealth()
            return page(request, context) { Pages.devices(health: health, context: $0) }
        }
        book.add(.init(.get, "/devices/{serial}", Self.keepers, .page, "One device: health, history, clock drift chart")) { request, context in
            let serial = try parameter("serial", context)
            guard let record = try deviceRecord(serial) else { throw WebError(.notFound, "no device \(serial) in the catalog") }
            return page(request, context) { Pages.device(record, context: $0) }
        }
    }

    // MARK: clips

    func registerClipPages(_ book: inout RouteBook) {
        book.add(.init(.get, "/clips", Self.clipReaders, .page, "Clip search with filters")) { request, context in
            // Read as the form sends them (`application/x-www-form-urlencoded`: a space is `+`), which the
            // percent-decoded query parameters do not undo: `2026-11-03 10:00` typed in the form came as
            // `2026-11-03+10:00` and was refused.
            var parameters: [String: String] = [:]
            for (name, value) in FormFields.parse(request.uri.query ?? "") where !value.isEmpty && name != "lang" {
                parameters[name] = value
            }
            let filters = ClipFilters(
                device: parameters["device"], officer: parameters["officer"], caseID: parameters["case"], step: parameters["step"],
                from: parameters["from"], to: parameters["to"], kind: parameters["kind"], integrity: parameters["integrity"],
                status: parameters["status"], sort: parameters["sort"])
            for key in ["from", "to"] { parameters[key] = parameters[key].map { Self.instant($0, zone: zone) } }
            let query: ClipQuery
            do {
                query = try ClipQuery.parse(parameters)
            } catch let error as ClipQueryError {
                throw WebError(.badRequest, error.description)
            }
            let result = try await readers.run { try searchClips(query) }
            return page(request, context) { Pages.clips(result, filters: filters, context: $0) }
        }
        book.add(.init(.get, "/clips/{id}", Self.clipReaders, .page, "One clip: its player, digests, custody timeline (audited)")) { request, context in
            let detail = try clipDetail(context)
            let player = try gateway.servedFile(clipID: detail.clip.id, .proxy).map { file in
                PlayerSource(url: "/api/clips/\(detail.clip.id)/proxy", kind: file.kind == "faststart" ? .faststart : .proxy)
            }
            return page(request, context) { Pages.clip(detail, player: player, context: $0) }
        }
        book.add(.init(.post, "/clips/{id}/verify", Self.evidenceStaff, .page, "Verifies a clip from its page")) { _, context in
            let identity = try identity(context)
            let id = try parameter("id", context)
            guard let report = try gateway.verifyClip(id: id, actor: identity.actor) else { throw WebError(.notFound, "no clip \(id)") }
            return .seeOther("/clips/\(id)?verified=\(report.ok ? "ok" : "failed")")
        }
        book.add(.init(.post, "/clips/{id}/download", Self.evidenceStaff, .page,
                       "Downloads the original after the reason is given (audited)")) { request, context in
            var request = request
            let form = try await FormFields.read(&request, context: context)
            let id = try parameter("id", context)
            let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { throw WebError(.badRequest, "say why: a reason is required to download an original") }
            let encoded = reason.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return .seeOther("/api/clips/\(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")/original?reason=\(encoded)")
        }
    }

    /// A time typed in the search form: RFC 3339 as it is, or a day or a wall-clock time in the gateway's
    /// zone (`2026-11-03`, `2026-11-03 09:30`), which the search then reads as RFC 3339.
    static func instant(_ text: String, zone: TimeZone) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "T")
        let candidates = [trimmed + "T00:00:00", trimmed + ":00", trimmed]
        for candidate in candidates where candidate.count == 19 {
            if case .success(let reading) = DeviceTimeText.parse(candidate), let date = reading.instant(in: zone) {
                return RFC3339.string(date)
            }
        }
        return text
    }

    // MARK: cases, report, audit, accounts

    func registerCasePages(_ book: inout RouteBook) {
        book.add(.init(.get, "/cases", Self.caseReaders, .page, "The cases in the catalog")) { request, context in
            let records = try caseRecords()
            return page(request, context) { Pages.cases(records, context: $0) }
        }
        book.add(.init(.get, "/cases/{id}", Self.caseReaders, .page, "A case: each step's timeline with its gaps, and the findings")) { request, context in
            let id = try parameter("id", context)
            guard let result = try checkCase(id) else { throw WebError(.notFound, "no case \(id) in the catalog") }
            let catalogue = try gateway.caseDesk(create: false).desk.catalogue
            return page(request, context) { Pages.caseCheck(record: result.record, check: result.check, catalogue: catalogue, context: $0) }
        }
        book.add(.init(.get, "/report", Self.reportReaders, .page, "Findings by department and officer, with charts")) { request, context in
            let report = try report(since: request.uri.queryParameters["since"].map(String.init))
            return page(request, context) { Pages.report(report, context: $0) }
        }
        book.add(.init(.get, "/audit", Self.auditReaders, .page, "The access trail, newest first")) { request, context in
            let before = request.uri.queryParameters["before"].flatMap { Int(String($0)) }
            let entries = try gateway.auditEntries(before: before, limit: 100)
            let older = entries.count == 100 ? entries.last.map(\.seq) : nil
            return page(request, context) { Pages.audit(entries, olderBefore: older, context: $0) }
        }
        book.add(.init(.get, "/accounts", .roles([.administrator]), .page, "The accounts and their roles")) { request, context in
            let accounts = try gateway.accountsForReading().list().map {
                AccountListing(name: $0.name, role: $0.role, state: $0.disabled ? "disabled" : "active")
            }
            return page(request, context) { Pages.accounts(accounts, context: $0) }
        }
    }

    func caseRecords() throws -> [CaseRecord] {
        let cases = try gateway.caseList()
        guard !cases.isEmpty else { return [] }
        let desk = try gateway.caseDesk(create: false).desk
        return try cases.compactMap { try desk.record(caseID: $0.case_id) }
    }
}
