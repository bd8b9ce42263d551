import ArgumentParser
import Evidence
import Foundation
import Gateway
import Offload
import Presentation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The tamper-evident audit trail.",
        subcommands: [Verify.self, StartHeadCopy.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit chain; exit 1 naming the first bad entry.")

        @OptionGroup var options: HomeOptions

        @Flag(name: .long, help: "Print one JSON document.")
        var json = false

        func run() throws {
            let verification: AuditVerification
            do {
                verification = try options.gateway.verifyAudit()
            } catch {
                Output.error("audit verify failed: \((error as? EvidenceError)?.message ?? "\(error)")")
                throw ExitCode.failure
            }
            if json {
                try Output.json(AuditReport(verification))
            } else {
                for line in AuditReport.lines(verification) { Output.line(line) }
            }
            if !verification.isIntact { throw ExitCode.failure }
        }
    }
}

extension AuditCommand {
    /// Starts the configured `audit_head_copy` for a home whose log has entries already (a new home's
    /// copy is made with its empty log).
    struct StartHeadCopy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start-head-copy",
            abstract: "Write the configured audit_head_copy from the verified log head (never over an existing copy).")

        @OptionGroup var options: HomeOptions

        func run() throws {
            do {
                let started = try options.gateway.startAuditHeadCopy()
                Output.line("audit head copy \(started.path ?? "?") started: "
                    + "\(started.count) entries, head \(started.head)")
            } catch {
                Output.error("audit start-head-copy failed: \((error as? EvidenceError)?.message ?? "\(error)")")
                throw ExitCode.failure
            }
        }
    }
}
