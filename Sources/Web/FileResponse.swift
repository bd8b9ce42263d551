import Digest
import Foundation
import Gateway
import HTTPTypes
import Hummingbird

/// A stored or derived file sent with range support, its SHA-256 in headers: `Repr-Digest` (RFC 9530,
/// the digest of the whole file whatever range is sent) and `X-Content-SHA256` (hex), and as the ETag.
enum FileResponse {
    static func make(_ file: ServedFile, request: Request, context: WebContext, attachment: Bool) async throws -> Response {
        var headers: HTTPFields = [
            .contentType: file.contentType,
            .acceptRanges: "bytes",
            .eTag: "\"\(file.sha256)\"",
            HTTPField.Name("X-Content-SHA256")!: file.sha256,
            HTTPField.Name("Repr-Digest")!: "sha-256=:\(Self.base64(hex: file.sha256)):",
            .cacheControl: "private, no-store",
        ]
        let disposition = attachment ? "attachment" : "inline"
        let ascii = file.fileName.filter { $0.isASCII && $0 != "\"" && $0 != "\\" && !$0.isNewline }
        let encoded = file.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        headers[.contentDisposition] = "\(disposition); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
        let fileIO = FileIO(threadPool: .singleton)
        switch ByteRange.parse(request.headers[.range], size: file.size) {
        case .unsatisfiable:
            throw WebError(.rangeNotSatisfiable, "the range is beyond the file's \(file.size) bytes",
                           headers: [.contentRange: "bytes */\(file.size)"])
        case .whole:
            headers[.contentLength] = String(file.size)
            if request.method == .head || file.size == 0 { return Response(status: .ok, headers: headers) }
            let body = try await fileIO.loadFile(path: file.path, context: context)
            return Response(status: .ok, headers: headers, body: body)
        case .part(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(file.size)"
            headers[.contentLength] = String(range.upperBound - range.lowerBound + 1)
            if request.method == .head { return Response(status: .partialContent, headers: headers) }
            let body = try await fileIO.loadFile(path: file.path, range: Int(range.lowerBound)...Int(range.upperBound), context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        }
    }

    static func base64(hex text: String) -> String {
        Data(bytes(fromHex: text) ?? []).base64EncodedString()
    }
}
