import Foundation
import Hummingbird
import Presentation

extension Response {
    /// A JSON document, encoded by the one encoder the command line uses (same bytes as `--json`).
    static func json(_ document: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        json(encoded: try DocumentEncoder.encode(document), status: status)
    }

    /// A document already encoded by ``DocumentEncoder``.
    static func json(encoded data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A redirect after a form (303: the browser follows it with GET).
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
