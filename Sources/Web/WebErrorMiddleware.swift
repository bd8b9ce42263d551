import Foundation
import Hummingbird
import Logging

/// Turns what a handler throws into an answer: a ``WebError`` as it says (JSON for the API, the error
/// page for pages), Hummingbird's own errors (a body too large, a route not found) as they are, and
/// anything else as 500 with the error logged — never the process's end.
struct WebErrorMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let logger: Logger
    let methods: RouteMethods

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as WebError {
            return try ErrorPage.response(error, request: request, context: context)
        } catch let error as HTTPResponseError {
            // Another method on a path that is served: 405 naming the methods that are (only when the
            // request's own method is not among them: a route that is there but finds nothing is a 404).
            if error.status == .notFound, case let allowed = methods.allowed(request.uri.path), !allowed.isEmpty,
               !allowed.contains(request.method.rawValue) {
                let refusal = WebError(.methodNotAllowed, "\(request.method) is not served at \(request.uri.path) (\(allowed.joined(separator: ", ")) are)",
                                       headers: [.allow: allowed.joined(separator: ", ")])
                return try ErrorPage.response(refusal, request: request, context: context)
            }
            if error.status == .contentTooLarge || error.status == .notFound || error.status == .methodNotAllowed {
                let message = error.status == .contentTooLarge
                    ? "the body is larger than \(WebLimits.maxBodyBytes) bytes"
                    : error.status == .notFound ? "no such page or route: \(request.uri.path)" : "method not allowed"
                return try ErrorPage.response(WebError(error.status, message), request: request, context: context)
            }
            throw error
        } catch {
            logger.error("\(request.method) \(request.uri.path): \(error)")
            return try ErrorPage.response(WebError(.internalServerError, "internal error (written to the gateway's log)"), request: request, context: context)
        }
    }
}
