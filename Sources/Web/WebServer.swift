import Accounts
import Foundation
import Gateway
import Hummingbird
import Logging
import Synchronization

/// The web layer assembled: every route declared in a ``RouteBook`` (API, pages, tools, assets), the
/// session and CSRF middleware in front of them, and the OpenAPI document made from the declarations.
/// The daemon serves the router this returns.
public enum WebServer {
    public static func router(gateway: Gateway, live: any LiveStatus, accounts: any AccountDirectory, settings: WebSettings,
                              logger: Logger) throws -> Router<WebContext> {
        let handlers = WebHandlers(
            gateway: gateway, live: live, accounts: accounts,
            sessions: SessionStore(idle: settings.sessionIdle, lifetime: settings.sessionLifetime),
            throttle: LoginThrottle(), memo: AccessMemo(), settings: settings, logger: logger)
        let router = Router(context: WebContext.self)
        router.add(middleware: WebErrorMiddleware(logger: logger))
        router.add(middleware: SessionMiddleware(sessions: handlers.sessions, accounts: accounts))
        var book = RouteBook(router: router)
        handlers.registerSession(&book)
        handlers.registerBays(&book)
        handlers.registerEvents(&book)
        handlers.registerClips(&book)
        handlers.registerDownloads(&book)
        handlers.registerCases(&book)
        handlers.registerAudit(&book)
        handlers.registerPages(&book)
        // The document describes every route, the tools' and the route list included, so it is made once
        // all are declared; requests are served only after this returns.
        let document = OpenAPIText()
        handlers.registerTools(&book, openAPI: { document.data })
        let routes = book.declarations + [RouteBook.routeList]
        book.add(RouteBook.routeList) { _, _ in try Response.json(routes.map(RouteDocument.init)) }
        try book.checkCovered()
        document.data = try OpenAPIDocument(declarations: book.declarations).data()
        return router
    }
}

/// The OpenAPI document, set once the router is assembled and read by `GET /openapi.json`.
private final class OpenAPIText: Sendable {
    private let text = Mutex(Data())

    var data: Data {
        get { text.withLock { $0 } }
        set { text.withLock { $0 = newValue } }
    }
}
