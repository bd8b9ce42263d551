import ComplianceCatalog
import Foundation
import Gateway
import Hummingbird
import Presentation

/// Clip search and one clip's record, the documents `recgate clips --json` and `recgate clip show
/// --json` print. Reading a clip's record is an access to evidence: audited `clip.viewed`.
extension WebHandlers {
    func registerClips(_ book: inout RouteBook) {
        book.add(.init(.get, "/api/clips", Self.clipReaders, .api,
                       "Clip search: filters as query parameters, sorted, paged by cursor")) { request, _ in
            let query = try clipQuery(request)
            // Searched and written out below the offloads' priority (``ReadingWorkers``).
            return Response.json(encoded: try await readers.run { try searchClips { try gateway.clipPageDocument(query) } })
        }
        book.add(.init(.get, "/api/clips/{id}", Self.clipReaders, .api,
                       "One clip: facts, digests, sightings, custody, clock corrections, derived files, audit trail (audited)")) { _, context in
            try Response.json(try clipDetail(context))
        }
    }

    /// The query parameters the search knows (others are refused: a misspelt filter must not widen the
    /// search silently).
    func clipQuery(_ request: Request) throws -> ClipQuery {
        var parameters: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            let name = String(name)
            guard ClipQuery.parameterNames.contains(name) else {
                throw WebError(.badRequest, "unknown parameter \(name): the filters are \(ClipQuery.parameterNames.joined(separator: ", "))")
            }
            parameters[name] = String(value)
        }
        do {
            return try ClipQuery.parse(parameters)
        } catch {
            throw WebError(.badRequest, error.description)
        }
    }

    /// One page of the search (a cursor the search refuses is a bad request).
    func searchClips(_ query: ClipQuery) throws -> ClipPage {
        try searchClips { try gateway.clips(query) }
    }

    /// A search's answer, with a search the catalog refuses (a bad cursor, an unknown case) a bad request.
    func searchClips<Answer>(_ search: () throws -> Answer) throws -> Answer {
        do {
            return try search()
        } catch let error as ClipQueryError {
            throw WebError(.badRequest, error.description)
        }
    }

    func clipDetail(_ context: WebContext) throws -> ClipDetail {
        let identity = try identity(context)
        let id = try parameter("id", context)
        guard let detail = try gateway.clip(id: id, actor: identity.actor) else { throw WebError(.notFound, "no clip \(id)") }
        return detail
    }
}
