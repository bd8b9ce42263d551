import Foundation
import HTTPTypes
import Hummingbird

/// Every route of the web layer, declared with who may use it. Routes are added only through
/// ``add(_:_:)``, which puts the access check in front of the handler, and ``checkCovered()`` refuses a
/// router holding any route without a declaration.
struct RouteBook {
    typealias Handler = @Sendable (Request, WebContext) async throws -> Response

    let router: Router<WebContext>
    private(set) var declarations: [RouteDeclaration] = []

    init(router: Router<WebContext>) {
        self.router = router
    }

    mutating func add(_ declaration: RouteDeclaration, _ handler: @escaping Handler) {
        declarations.append(declaration)
        router.on(RouterPath(declaration.path), method: declaration.method) { request, context in
            try Self.admit(declaration, request: request, context: context)
            return try await handler(request, context)
        }
    }

    /// Refuses a caller the route's access does not allow: anonymous callers get 401 (a page sends them
    /// to the login page instead), signed-in ones 403.
    static func admit(_ declaration: RouteDeclaration, request: Request, context: WebContext) throws {
        let role = context.identity?.role
        guard !declaration.access.allows(role, loopback: context.isLoopback) else { return }
        if role == nil {
            if declaration.kind == .page && declaration.method == .get {
                let next = request.uri.description
                let target = "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")
                throw WebError(.seeOther, "sign in first", headers: [.location: target])
            }
            throw WebError(.unauthorized, "sign in first (POST /api/login)")
        }
        throw WebError(.forbidden, "the role \(role!.rawValue) may not use \(declaration.method) \(declaration.path)")
    }

    /// Every route the router holds has a declaration, and every declaration a route.
    func checkCovered() throws {
        let declared = Set(declarations.map { "\($0.method) \($0.path)" })
        let routed = Set(router.routes.map { "\($0.method) \($0.path)" })
        let undeclared = routed.subtracting(declared).sorted()
        guard undeclared.isEmpty else {
            throw WebError(.internalServerError, "routes without a declaration: \(undeclared.joined(separator: ", "))")
        }
    }
}

extension RouteBook {
    /// `GET /api/routes`: every declared route and who may use it (administrators; the access tests walk it).
    static let routeList = RouteDeclaration(.get, "/api/routes", .roles([.administrator]), .api, "Every route and the roles that may use it")
}

/// One route as `GET /api/routes` lists it.
struct RouteDocument: Encodable {
    var method: String
    var path: String
    var kind: String
    /// `anonymous`, `loopback`, or role names.
    var access: [String]
    var summary: String

    init(_ declaration: RouteDeclaration) {
        method = declaration.method.rawValue
        path = declaration.path
        kind = declaration.kind.rawValue
        access = declaration.access.roleNames
        summary = declaration.summary
    }
}
