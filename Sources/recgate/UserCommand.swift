import Accounts
import ArgumentParser
import Evidence
import Foundation
import Gateway
import Offload

/// `recgate user …`: the accounts of the people who use the gateway's web pages.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Accounts for the web pages: add, change a password, disable, list.",
        discussion: "A password is read from standard input (its first line); on a terminal it is asked twice, "
            + "without echo. Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).",
        subcommands: [Add.self, Passwd.self, Disable.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account with a role and a password.")

        @OptionGroup var options: HomeOptions

        @Argument(help: "The account name: letters, digits, . _ - (up to 64).")
        var name: String

        @Option(name: .long, help: ArgumentHelp(
            "The account's role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "ROLE"))
        var role: String

        func run() throws {
            try UserCommand.attempt("user add") {
                let role = try Role.named(role)
                let name = try AccountName.normalized(name)
                let book = try options.gateway.accounts()
                // A name taken is told before the password is asked for.
                if let existing = try book.account(named: name) { throw AccountError.duplicateName(existing: existing.name) }
                let password = try PasswordInput.read(for: name)
                let account = try book.add(name: name, role: role, password: password, actor: UserCommand.actor())
                Output.line("added \(account.name) (\(account.role.rawValue))")
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an account's password.")

        @OptionGroup var options: HomeOptions

        @Argument(help: "The account name.")
        var name: String

        func run() throws {
            try UserCommand.attempt("user passwd") {
                let book = try options.gateway.accounts()
                // Asked only for an account that can take it: a typo in the name is told before the password.
                guard let account = try book.account(named: name) else { throw AccountError.unknownName(name) }
                if account.disabled, let since = try book.rows.fetch(name: account.name)?.disabledAt {
                    throw AccountError.disabled(account.name, since: since)
                }
                let password = try PasswordInput.read(for: account.name)
                try book.setPassword(name: account.name, password: password, actor: UserCommand.actor())
                Output.line("password of \(account.name) changed")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an account for good: it can no longer sign in; its history stays.")

        @OptionGroup var options: HomeOptions

        @Argument(help: "The account name.")
        var name: String

        func run() throws {
            try UserCommand.attempt("user disable") {
                let account = try options.gateway.accounts().disable(name: name, actor: UserCommand.actor())
                Output.line("disabled \(account.name)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts: name, role, state, created.")

        @OptionGroup var options: HomeOptions

        @Flag(name: .long, help: "Print one JSON document.")
        var json = false

        func run() throws {
            try UserCommand.attempt("user list") {
                let accounts = try options.gateway.accountsForReading().list()
                if json { return try Output.json(AccountList(accounts: accounts)) }
                let rows = [["NAME", "ROLE", "STATE", "CREATED"]]
                    + accounts.map { [$0.name, $0.role.rawValue, $0.disabled ? "disabled" : "active", $0.created_at] }
                let widths = (0..<3).map { column in rows.map { TerminalColumns.width($0[column]) }.max() ?? 0 }
                for row in rows {
                    let padded = (0..<3).map { TerminalColumns.padded(row[$0], to: widths[$0]) }
                    Output.line((padded + [row[3]]).joined(separator: "  "))
                }
            }
        }
    }
}

extension UserCommand {
    /// Runs `body`; any error is printed as `recgate: COMMAND failed: message` and the exit status is 1.
    static func attempt(_ command: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch {
            let message = switch error {
            case let error as AccountError: error.description
            case let error as EvidenceError: error.message
            case let error as OffloadError: error.description
            default: "\(error)"
            }
            Output.error("\(command) failed: \(message)")
            throw ExitCode.failure
        }
    }

    /// `cli:` and the login name of the person at the command line: the user `sudo` was run by, else the
    /// user the process runs as (from the password database, not the environment).
    static func actor() -> String {
        let uid = getuid()
        if uid == 0, let user = ProcessInfo.processInfo.environment["SUDO_USER"], !user.isEmpty { return "cli:\(user)" }
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return "cli:" + String(cString: name) }
        return "cli:uid-\(uid)"
    }
}
