import Testing
@testable import Web

/// The methods a path is served with, for the 405 answer's `Allow`.
struct RouteMethodsTests {
    static func table() -> RouteMethods {
        let methods = RouteMethods()
        methods.declarations = [
            .init(.get, "/api/cases", .signedIn, .api, ""), .init(.get, "/api/cases/{id}", .signedIn, .api, ""),
            .init(.post, "/api/cases/import", .signedIn, .api, ""), .init(.get, "/login", .anonymous, .page, ""),
            .init(.post, "/login", .anonymous, .page, ""), .init(.post, "/api/clips/{id}/verify", .signedIn, .api, ""),
        ]
        return methods
    }

    @Test func aPathGetsTheMethodsOfTheClosestDeclaration() {
        let methods = Self.table()
        #expect(methods.allowed("/login") == ["GET", "POST"])
        #expect(methods.allowed("/api/cases/CZ-1") == ["GET"])
        // A literal segment wins over a parameter: the import is its own path.
        #expect(methods.allowed("/api/cases/import") == ["POST"])
        #expect(methods.allowed("/api/clips/abc/verify") == ["POST"])
    }

    @Test func aPathNothingIsServedAtHasNoMethods() {
        let methods = Self.table()
        #expect(methods.allowed("/api/nothing").isEmpty)
        #expect(methods.allowed("/api/cases/a/b").isEmpty)
        #expect(methods.allowed("/api/clips//verify").isEmpty, "a parameter is never empty")
        #expect(methods.allowed("/").isEmpty)
    }
}
