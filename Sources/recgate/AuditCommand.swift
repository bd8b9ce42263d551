import ArgumentParser
import Evidence
import Foundation
import Offload

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
                let home = options.resolved
                let catalog = try home.openCatalogForReading(try GatewayConfiguration.load(from: home))
                verification = try catalog.verifyAudit()
            } catch {
                Output.error("audit verify failed: \((error as? EvidenceError)?.message ?? "\(error)")")
                throw ExitCode.failure
            }
            switch verification {
            case .intact(let count, let head):
                if json { try Output.json(AuditReport(ok: true, entries: count, head: head)) }
                else { Output.line("audit chain intact: \(count) entries, head \(head)") }
            case .broken(let seq, let reason):
                if json { try Output.json(AuditReport(ok: false, firstBadEntry: seq, reason: reason)) }
                else { Output.line("audit chain BROKEN at entry \(seq): \(reason)") }
                throw ExitCode.failure
            case .incomplete(let count, let head, let gaps):
                let reason = "the chain holds (\(count) entries) but lacks what the catalog proves was written, "
                    + "or names rows that do not exist: entries were removed and the chain rebuilt, or rows deleted"
                if json {
                    try Output.json(AuditReport(
                        ok: false, entries: count, head: head, firstBadEntry: gaps.compactMap(\.seq).min(), reason: reason,
                        missing: gaps.map { .init(kind: $0.kind.rawValue, action: $0.action, object: $0.object,
                                                  entry: $0.seq, sha256: $0.sha256, message: $0.description) }))
                } else {
                    Output.line("audit log INCOMPLETE: \(reason)")
                    for gap in gaps { Output.line("  \(gap.kind.rawValue.uppercased()) \(gap)") }
                }
                throw ExitCode.failure
            }
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
                let home = options.resolved
                let catalog = try home.openCatalogForReading(try GatewayConfiguration.load(from: home))
                let started = try catalog.startAuditHeadCopy()
                Output.line("audit head copy \(catalog.auditHeadCopyPath?.path ?? "?") started: "
                    + "\(started.count) entries, head \(started.head)")
            } catch {
                Output.error("audit start-head-copy failed: \((error as? EvidenceError)?.message ?? "\(error)")")
                throw ExitCode.failure
            }
        }
    }
}

/// `recgate audit verify --json`.
struct AuditReport: Encodable {
    var ok: Bool
    var entries: Int?
    var head: String?
    var firstBadEntry: Int?
    var reason: String?
    /// What the catalog's rows prove is missing from the log (or entries naming rows that do not exist).
    var missing: [Gap]?

    struct Gap: Encodable {
        var kind: String
        var action: String
        var object: String
        var entry: Int?
        var sha256: String?
        var message: String
    }

    enum CodingKeys: String, CodingKey {
        case ok, entries, head, reason, missing
        case firstBadEntry = "first_bad_entry"
    }
}
