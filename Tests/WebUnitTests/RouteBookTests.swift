import Accounts
import HTTPTypes
import Hummingbird
import Testing
@testable import Web

/// The route book is the only way a route gets its access check: a route put on the router behind its
/// back is refused when the router is assembled.
struct RouteBookTests {
    @Test func aRouteAddedToTheRouterDirectlyIsRefused() throws {
        let router = Router(context: WebContext.self)
        var book = RouteBook(router: router)
        book.add(.init(.get, "/api/declared/{id}", .roles([.legalOffice]), .api, "declared")) { _, _ in Response(status: .ok) }
        book.add(.init(.post, "/api/declared/{id}", .roles([.evidenceStaff]), .api, "declared")) { _, _ in Response(status: .ok) }
        try book.checkCovered()

        router.get("/api/undeclared") { _, _ in "no access check" }
        let error = try #require(throws: WebError.self) { try book.checkCovered() }
        #expect(error.status == .internalServerError)
        #expect(error.message.contains("/api/undeclared"), "\(error.message)")
        #expect(!error.message.contains("/api/declared"), "\(error.message)")
    }

    @Test func theSamePathUnderAnotherMethodIsAnotherRoute() throws {
        let router = Router(context: WebContext.self)
        var book = RouteBook(router: router)
        book.add(.init(.get, "/api/things", .signedIn, .api, "declared")) { _, _ in Response(status: .ok) }
        router.post("/api/things") { _, _ in "no access check" }
        let error = try #require(throws: WebError.self) { try book.checkCovered() }
        #expect(error.message.contains("POST /api/things"), "\(error.message)")
    }

    @Test func theRouteListIsForAdministratorsOnly() {
        let access = RouteBook.routeList.access
        #expect(access.allows(.administrator, loopback: false))
        for role in Role.allCases where role != .administrator {
            #expect(!access.allows(role, loopback: true), "\(role)")
        }
        #expect(!access.allows(nil, loopback: true))
    }
}
