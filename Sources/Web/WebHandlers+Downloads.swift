import Foundation
import Gateway
import HTTPTypes
import Hummingbird

/// A clip's files over HTTP, with range requests so a `<video>` element can seek, each with its SHA-256
/// in headers. Every access is audited with the account: `clip.downloaded` (the original, with the
/// reason the person gave), `clip.played` (what the page plays); a viewing's many range requests make one
/// entry (see ``AccessMemo``). `POST /api/clips/{id}/verify` hashes the stored bytes again.
extension WebHandlers {
    static let evidenceStaff: Access = .roles([.evidenceStaff])
    static let clipReaders: Access = .roles([.evidenceStaff, .legalOffice])

    func registerDownloads(_ book: inout RouteBook) {
        book.add(.init(.get, "/api/clips/{id}/original", Self.evidenceStaff, .api,
                       "The original recording from the store (range requests; `reason` required, audited)")) { request, context in
            let identity = try identity(context)
            guard let reason = request.uri.queryParameters["reason"].map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines),
                  !reason.isEmpty
            else { throw WebError(.badRequest, "say why: a `reason` is required to download an original") }
            guard reason.count <= 500 else { throw WebError(.badRequest, "the reason is longer than 500 characters") }
            let file = try served(context, .original)
            if memo.isNew("\(identity.session) \(file.clipID) original \(reason)") {
                try gateway.auditClipAccess(clipID: file.clipID, sha256: file.clipSHA256, action: "clip.downloaded", actor: identity.actor,
                                            detail: ["file": "original", "reason": reason])
            }
            return try await FileResponse.make(file, request: request, context: context, attachment: request.uri.queryParameters["inline"] == nil)
        }
        book.add(.init(.get, "/api/clips/{id}/proxy", Self.clipReaders, .api,
                       "The clip's review proxy or faststart copy, for playing (range requests; audited)")) { request, context in
            try await play(request, context, .proxy)
        }
        book.add(.init(.get, "/api/clips/{id}/sheet", Self.clipReaders, .api, "The clip's contact sheet (audited)")) { request, context in
            try await play(request, context, .contactSheet)
        }
        book.add(.init(.post, "/api/clips/{id}/verify", Self.evidenceStaff, .api,
                       "Reads the clip's stored bytes again and checks its digests (audited)")) { _, context in
            let identity = try identity(context)
            let id = try parameter("id", context)
            guard let report = try gateway.verifyClip(id: id, actor: identity.actor) else { throw WebError(.notFound, "no clip \(id)") }
            return try Response.json(report)
        }
    }

    /// A derived file of the clip, inline, audited once a viewing.
    func play(_ request: Request, _ context: WebContext, _ which: ServedFile.Which) async throws -> Response {
        let identity = try identity(context)
        let file = try served(context, which)
        if memo.isNew("\(identity.session) \(file.clipID) \(file.kind)") {
            try gateway.auditClipAccess(clipID: file.clipID, sha256: file.clipSHA256, action: "clip.played", actor: identity.actor,
                                        detail: ["file": file.kind, "sha256": file.sha256])
        }
        var response = try await FileResponse.make(file, request: request, context: context, attachment: false)
        response.headers[HTTPField.Name("X-Recgate-File-Kind")!] = file.kind
        return response
    }

    func served(_ context: WebContext, _ which: ServedFile.Which) throws -> ServedFile {
        let id = try parameter("id", context)
        guard let file = try gateway.servedFile(clipID: id, which) else {
            throw WebError(.notFound, which == .original ? "no clip \(id) in the store" : "clip \(id) has no \(which.rawValue.replacingOccurrences(of: "_", with: " "))")
        }
        return file
    }
}
