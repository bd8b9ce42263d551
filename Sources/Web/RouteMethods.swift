import HTTPTypes
import Synchronization

/// The methods each declared path is served with, so a request with another method on a path that
/// exists is answered 405 with `Allow` (RFC 9110 §15.5.6), not 404 as if the path did not exist. Set
/// once the router is assembled.
final class RouteMethods: Sendable {
    private let routes = Mutex<[RouteDeclaration]>([])

    var declarations: [RouteDeclaration] {
        get { routes.withLock { $0 } }
        set { routes.withLock { $0 = newValue } }
    }

    /// The methods of the declared path `path` matches most closely (`{name}` matches one non-empty
    /// segment; `/api/cases/import` is its own path, not `/api/cases/{id}`, as the router and the OpenAPI
    /// document have it), sorted; empty when none matches.
    func allowed(_ path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var best = -1
        var methods = Set<String>()
        for route in declarations {
            let template = route.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            guard template.count == segments.count else { continue }
            var literal = 0
            let matches = zip(template, segments).allSatisfy { part, segment in
                if part.hasPrefix("{") && part.hasSuffix("}") { return !segment.isEmpty }
                literal += 1
                return part == segment
            }
            guard matches, literal >= best else { continue }
            if literal > best { methods = [] }
            best = literal
            methods.insert(route.method.rawValue)
        }
        return methods.sorted()
    }
}
