import Compliance
import ComplianceCatalog
import Foundation
import Gateway
import Hummingbird
import Presentation

/// Cases for evidence staff, the legal office and approvers: the list, imports (case, custody and clock
/// files, the command line's formats and problems), a case's check with its findings, and the report by
/// department and officer.
extension WebHandlers {
    static let caseReaders: Access = .roles([.evidenceStaff, .legalOffice, .approver])
    static let reportReaders: Access = .roles([.legalOffice, .approver])

    func registerCases(_ book: inout RouteBook) {
        book.add(.init(.get, "/api/cases", Self.caseReaders, .api, "The cases in the catalog")) { _, _ in
            try Response.json(gateway.caseList())
        }
        book.add(.init(.post, "/api/cases/import", Self.evidenceStaff, .api,
                       "Imports a case, custody or clock file sent as the body (`kind`, `name` ending .json or .csv)")) { request, context in
            let identity = try identity(context)
            let query = request.uri.queryParameters
            guard let kind = query["kind"].flatMap({ Gateway.ImportKind(rawValue: String($0)) }) else {
                throw WebError(.badRequest, "`kind` is one of: \(Gateway.ImportKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let name = query["name"].map(String.init) ?? "upload.json"
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            do {
                let report = try gateway.importFile(Data(buffer: body), named: name, kind: kind, actor: identity.actor)
                return try Response.json(report)
            } catch let failure as ImportFailure {
                return try Response.json(ImportProblemsReport(file: name, errors: failure.errors.map(ImportProblemsReport.Entry.init)),
                                         status: .unprocessableContent)
            }
        }
        book.add(.init(.get, "/api/cases/{id}", Self.caseReaders, .api, "A case checked: its steps, matched recordings, coverage and findings")) { _, context in
            let id = try parameter("id", context)
            guard let result = try checkCase(id) else { throw WebError(.notFound, "no case \(id) in the catalog") }
            return try Response.json(result.check)
        }
        book.add(.init(.get, "/api/report", Self.reportReaders, .api, "Findings across cases by department and officer (`since`: a date)")) { request, _ in
            try Response.json(try report(since: request.uri.queryParameters["since"].map(String.init)))
        }
    }

    func checkCase(_ id: String) throws -> CaseCheckResult? {
        do {
            return try gateway.caseDesk(create: false).check(caseID: id)
        } catch CaseDeskSetup.Problem.noCatalog {
            return nil
        }
    }

    func report(since: String?) throws -> CaseReport {
        let setup = try gateway.caseDesk(create: false)
        var from: Date?
        if let since {
            guard let date = CaseReport.date(since, zone: setup.zone) else {
                throw WebError(.badRequest, "since=\(since): not a date like 2026-11-01 or an RFC 3339 time")
            }
            from = date
        }
        return try setup.desk.report(since: from)
    }
}
