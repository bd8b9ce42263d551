import ArgumentParser
import Evidence
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The tamper-evident audit trail.",
        subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit chain; exit 1 naming the first bad entry.")

        @OptionGroup var options: HomeOptions

        @Flag(name: .long, help: "Print one JSON document.")
        var json = false

        func run() throws {
            let catalog: Catalog
            let verification: AuditVerification
            do {
                catalog = try Catalog(path: options.resolved.catalogURL)
                verification = try catalog.verifyAudit()
            } catch {
                Output.error("audit verify failed: \(error)")
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

    enum CodingKeys: String, CodingKey {
        case ok, entries, head, reason
        case firstBadEntry = "first_bad_entry"
    }
}
