import ArgumentParser
import Compliance
import ComplianceCatalog
import Foundation
import Gateway
import Offload

/// Reporting a file that was not imported: every problem, one a line, `FILE:LINE:COLUMN: FIELD: message`
/// (as compilers write them, so editors can jump to each), or one JSON document.
enum ImportProblems {
    static func report(_ failure: ImportFailure, file: String, json: Bool) throws {
        if json {
            try Output.json(Document(file: file, errors: failure.errors.map(Entry.init)))
        } else {
            for error in failure.errors { Output.errorLine(error.located(in: file)) }
        }
        let count = failure.errors.count
        Output.error("\(file): \(count) problem\(count == 1 ? "" : "s"); nothing was imported")
    }

    /// `--json`: `{"file", "imported": false, "errors": [{kind, line, column, field, message}]}`.
    struct Document: Encodable {
        var file: String
        var imported = false
        var errors: [Entry]
    }

    struct Entry: Encodable {
        var kind: String
        var line: Int?
        var column: Int?
        var field: String?
        var message: String

        init(_ error: InputError) {
            kind = error.kind.rawValue
            line = error.place.line
            column = error.place.column
            field = error.place.field
            message = error.message
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(line, forKey: .line)
            try c.encode(column, forKey: .column)
            try c.encode(field, forKey: .field)
            try c.encode(message, forKey: .message)
        }

        enum CodingKeys: String, CodingKey { case kind, line, column, field, message }
    }
}

extension InputError {
    /// `cases.csv:7:31: end: "…" has no UTC offset`, leaving out what the place does not know.
    func located(in file: String) -> String {
        var text = file
        if let line = place.line {
            text += ":\(line)"
            if let column = place.column { text += ":\(column)" }
        }
        text += ": "
        if let field = place.field { text += "\(field): " }
        return text + message
    }
}

extension ImportProblems {
    /// Runs one whole-file import on the home's case desk: a file with problems prints each with its
    /// place, and any failure says that nothing was imported; both exit 1.
    static func importing<T>(_ what: String, file: String, json: Bool, options: HomeOptions,
                             _ body: (CaseDesk, URL, String) throws -> T) throws -> T {
        let setup: CaseDeskSetup
        do {
            setup = try CaseDeskSetup.open(options, create: true)
        } catch {
            CaseDeskSetup.report(error)
            throw ExitCode.failure
        }
        do {
            return try body(setup.desk, URL(fileURLWithPath: file), OffloadRequest.currentActor())
        } catch let failure as ImportFailure {
            try report(failure, file: file, json: json)
            throw ExitCode.failure
        } catch {
            Output.error("\(what) of \(file) failed, nothing was imported: \(error)")
            throw ExitCode.failure
        }
    }
}
