import Foundation
import Hummingbird

/// A refusal as the caller reads it: JSON `{"error": ...}` for the API and tools, the dashboard's error
/// page for a page (a redirect stays a redirect).
enum ErrorPage {
    static func response(_ error: WebError, request: Request, context: WebContext) throws -> Response {
        let path = request.uri.path
        let wantsPage = !path.hasPrefix("/api/") && path != "/status" && path != "/metrics" && path != "/openapi.json"
            && !path.hasPrefix("/assets/")
        guard wantsPage, error.status != .seeOther else { return try error.response(from: request, context: context) }
        var headers = error.headers
        headers[.contentType] = "text/html; charset=utf-8"
        let html = PageRenderer.errorPage(error, request: request, context: context)
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
