import Foundation

/// The OpenAPI 3.1 document of the JSON API (`GET /openapi.json`), made from the route declarations
/// themselves, so a route cannot exist without its entry nor the other way round. What a declaration
/// does not say (query parameters, bodies, the statuses a route answers) is in ``OpenAPIOperations``,
/// keyed by the route, and a route missing there gets only what every route answers.
struct OpenAPIDocument {
    let declarations: [RouteDeclaration]

    func data() throws -> Data {
        var paths: [String: [String: Any]] = [:]
        for route in declarations where route.kind == .api || route.kind == .tool {
            let key = "\(route.method.rawValue) \(route.path)"
            let extra = OpenAPIOperations.byRoute[key] ?? .init()
            var operation: [String: Any] = [
                "summary": route.summary,
                "operationId": Self.operationID(route),
                "x-roles": route.access.roleNames,
                "tags": [Self.tag(route.path)],
            ]
            var parameters: [[String: Any]] = Self.pathParameters(route.path).map { name in
                ["name": name, "in": "path", "required": true, "schema": extra.pathSchemas[name] ?? ["type": "string", "minLength": 1]]
            }
            parameters += extra.query.map { query in
                ["name": query.name, "in": "query", "required": query.required, "schema": query.schema]
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let body = extra.body { operation["requestBody"] = body }
            var responses: [String: Any] = [:]
            responses[String(extra.success)] = Self.success(extra)
            var failures = extra.failures
            if route.access != .anonymous { failures.formUnion([401, 403]) }
            if route.isUnsafe && route.path != "/api/login" { failures.insert(403) }
            if !Self.pathParameters(route.path).isEmpty { failures.insert(404) }
            failures.formUnion([413])
            for status in failures.sorted() {
                responses[String(status)] = extra.failureBodies[status].map(Self.refusal) ?? Self.error
            }
            operation["responses"] = responses
            switch route.access {
            case .anonymous: break
            // From the loopback address no account is needed: the session is optional (`{}` is "none").
            case .loopback: operation["security"] = [[:], ["session": []]]
            default: operation["security"] = [["session": []]]
            }
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "recgate",
                "version": "1",
                "description": """
                    The gateway's HTTP API. Sign in with POST /api/login (JSON name and password): the answer sets the \
                    session cookie and gives the CSRF token that every POST must carry in the X-CSRF-Token header. \
                    x-roles lists the roles that may use each operation (administrators may use all).
                    """,
            ],
            "paths": paths,
            "components": [
                "securitySchemes": ["session": ["type": "apiKey", "in": "cookie", "name": SessionMiddleware.cookie]],
                "schemas": OpenAPIOperations.schemas,
            ],
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    static var error: [String: Any] { refusal(["$ref": "#/components/schemas/Error"]) }

    static func refusal(_ schema: [String: Any]) -> [String: Any] {
        ["description": "Refused, with the reason", "content": ["application/json": ["schema": schema]]]
    }

    static func success(_ extra: OpenAPIOperations.Operation) -> [String: Any] {
        guard extra.success != 204 else { return ["description": "Done"] }
        var content: [String: Any] = [:]
        for type in [extra.contentType] + extra.otherContentTypes { content[type] = ["schema": extra.response] }
        return ["description": "OK", "content": content]
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    static func tag(_ path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.first == "api" && parts.count > 1 ? String(parts[1]) : "tools"
    }

    static func operationID(_ route: RouteDeclaration) -> String {
        let words = route.path.split(separator: "/").map { part in
            part.hasPrefix("{") ? "By" + part.dropFirst().dropLast().capitalized : part.replacingOccurrences(of: "-", with: "_").capitalized
        }
        return route.method.rawValue.lowercased() + words.joined().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ".", with: "")
    }
}
