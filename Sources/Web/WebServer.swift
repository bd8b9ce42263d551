import Accounts
import Foundation
import Gateway
import Hummingbird
import Logging

/// The web layer assembled: every route declared in a ``RouteBook`` (API, pages, tools, assets), the
/// session and CSRF middleware in front of them, and the OpenAPI document made from the declarations.
/// The daemon serves the router this returns.
public enum WebServer {
    /// `readers`: the threads searches and pages run on (the daemon's are paced while offloads run).
    public static func router(gateway: Gateway, live: any LiveStatus, accounts: any AccountDirectory, settings: WebSettings,
                              readers: ReadingWorkers = ReadingWorkers(), logger: Logger) throws -> Router<WebContext> {
        let handlers = WebHandlers(
            gateway: gateway, live: live, accounts: accounts,
            sessions: SessionStore(idle: settings.sessionIdle, lifetime: settings.sessionLifetime),
            throttle: LoginThrottle(), memo: AccessMemo(), settings: settings, logger: logger, readers: readers)
        let router = Router(context: WebContext.self)
        let methods = RouteMethods()
        router.add(middleware: WebErrorMiddleware(logger: logger, methods: methods))
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
        methods.declarations = book.declarations
        return router
    }
}
