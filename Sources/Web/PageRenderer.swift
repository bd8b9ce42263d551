import Dashboard
import Foundation
import HTTPTypes
import Hummingbird

/// The dashboard's context for a request (language, account, CSRF token, zone) and the HTML answer.
enum PageRenderer {
    static let languageCookie = "recgate_lang"

    /// `?lang=` first, then the cookie a previous choice left, then Chinese.
    static func language(_ request: Request) -> Language {
        if let query = request.uri.queryParameters["lang"] { return Language(query: String(query)) }
        return Language(query: request.cookies[languageCookie]?.value)
    }

    static func context(_ request: Request, _ context: WebContext, csrf: String? = nil, zone: TimeZone) -> PageContext {
        PageContext(
            language: language(request),
            account: context.identity.map { PageContext.Account(name: $0.name, role: $0.role) },
            csrfToken: csrf ?? context.identity?.csrf ?? "", path: request.uri.description, zone: zone)
    }

    static func response(_ page: Page, request: Request, status: HTTPResponse.Status = .ok) -> Response {
        var response = Response(status: status, headers: [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            // Everything is served by the gateway; nothing from elsewhere may run or load.
            .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ], body: .init(byteBuffer: ByteBuffer(string: page.html)))
        if let chosen = request.uri.queryParameters["lang"] {
            response.setCookie(Cookie(name: languageCookie, value: Language(query: String(chosen)).rawValue, path: "/",
                                      httpOnly: true, sameSite: .lax))
        }
        return response
    }

    static func errorPage(_ error: WebError, request: Request, context: WebContext) -> String {
        Pages.error(status: Int(error.status.code), message: error.message,
                    context: Self.context(request, context, zone: TimeZone(identifier: "UTC")!)).html
    }
}
