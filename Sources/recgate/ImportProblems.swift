import ArgumentParser
import Compliance
import ComplianceCatalog
import Foundation
import Gateway
import Offload
import Presentation

/// Reporting a file that was not imported: every problem, one a line, `FILE:LINE:COLUMN: FIELD: message`
/// (as compilers write them, so editors can jump to each), or one JSON document.
enum ImportProblems {
    static func report(_ failure: ImportFailure, file: String, json: Bool) throws {
        if json {
            try Output.json(ImportProblemsReport(file: file, errors: failure.errors.map(ImportProblemsReport.Entry.init)))
        } else {
            for error in failure.errors { Output.errorLine(error.located(in: file)) }
        }
        let count = failure.errors.count
        Output.error("\(file): \(count) problem\(count == 1 ? "" : "s"); nothing was imported")
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
