import Foundation
import Hummingbird
import Presentation

/// The access trail for the legal office: the audit log page by page, and its chain verified.
extension WebHandlers {
    static let auditReaders: Access = .roles([.legalOffice])

    func registerAudit(_ book: inout RouteBook) {
        book.add(.init(.get, "/api/audit", Self.auditReaders, .api, "Audit entries after `after` (a sequence number), `limit` at most 1000")) { request, _ in
            let query = request.uri.queryParameters
            let after = try query["after"].map { text in
                guard let value = Int(text), value >= 0 else { throw WebError(.badRequest, "after=\(text): a sequence number") }
                return value
            } ?? 0
            let limit = try query["limit"].map { text in
                guard let value = Int(text), (1...1000).contains(value) else { throw WebError(.badRequest, "limit=\(text): 1 to 1000") }
                return value
            } ?? 100
            return try Response.json(gateway.auditTrail(after: after, limit: limit))
        }
        book.add(.init(.get, "/api/audit/verify", Self.auditReaders, .api, "The audit chain checked from its first entry to the anchor")) { _, _ in
            try Response.json(AuditReport(gateway.verifyAudit()))
        }
    }
}
