import Dashboard
import Foundation
import Hummingbird
import Presentation

/// What tools read: the status document and the metrics (anonymous from loopback only, as before
/// accounts existed: `recgate status` and a local scraper use them), the OpenAPI document, and the
/// dashboard's stylesheet and script.
extension WebHandlers {
    func registerTools(_ book: inout RouteBook, openAPI: @escaping @Sendable () throws -> Data) {
        book.add(.init(.get, "/status", .loopback, .tool, "The daemon's status document (what `recgate status --json` prints)")) { _, _ in
            try Response.json(live.status())
        }
        book.add(.init(.get, "/metrics", .loopback, .tool, "Prometheus metrics")) { _, _ in
            Response.text(live.metricsText(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        book.add(.init(.get, "/openapi.json", .anonymous, .tool, "This API described in OpenAPI 3.1")) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: try openAPI())))
        }
        book.add(.init(.get, "/assets/{name}", .anonymous, .asset, "The dashboard's stylesheet and script")) { _, context in
            let name = try parameter("name", context)
            guard let asset = Assets.named(name) else { throw WebError(.notFound, "no asset \(name)") }
            return Response(status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
        }
    }
}
