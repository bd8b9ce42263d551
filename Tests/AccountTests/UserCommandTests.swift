import Accounts
import Foundation
import Testing
import TestSupport

/// `recgate user` through the binary, on a home with `password_cost` 10.
@Suite("UserCommand")
struct UserCommandTests {
    /// What the binary should write as the actor: `cli:` and the login name `id -un` gives.
    static func expectedActor() throws -> String {
        let env = ProcessInfo.processInfo.environment
        if getuid() == 0, let user = env["SUDO_USER"], !user.isEmpty { return "cli:\(user)" }
        let id = try run("id", ["-un"])
        return "cli:" + id.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func addWithAPipedPasswordThenListPasswdAndDisable() throws {
        let home = try AccountHome()
        let added = try home.expect(0, ["user", "add", "alice", "--role", "evidence_staff"], input: "granite-Meadow-4\nignored line\n")
        #expect(added.stdout == "added alice (evidence_staff)\n")
        // The last line needs no newline.
        try home.expect(0, ["user", "add", "王小明", "--role", "approver"], input: "river-Stone-2026")

        let listed = try home.expect(0, ["user", "list", "--json"])
        let document = try JSONDecoder().decode(AccountList.self, from: Data(listed.stdout.utf8))
        #expect(document.accounts.map(\.name) == ["alice", "王小明"])
        #expect(document.accounts.map(\.role) == [.evidenceStaff, .approver])
        #expect(document.accounts.allSatisfy { !$0.disabled && $0.created_at == $0.password_changed_at && $0.created_at.hasSuffix("Z") })
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: [[String: Any]]])
        let first = try #require(fields["accounts"]?.first)
        #expect(Set(first.keys) == ["name", "role", "disabled", "created_at", "password_changed_at"])

        let book = try home.book()
        #expect(try book.authenticate(name: "alice", password: "granite-Meadow-4")?.role == .evidenceStaff)
        #expect(try book.authenticate(name: "王小明", password: "river-Stone-2026") != nil)

        try home.expect(0, ["user", "passwd", "alice"], input: "granite-Meadow-5\n")
        #expect(try book.authenticate(name: "alice", password: "granite-Meadow-4") == nil)
        #expect(try book.authenticate(name: "alice", password: "granite-Meadow-5") != nil)

        let disabled = try home.expect(0, ["user", "disable", "alice"])
        #expect(disabled.stdout == "disabled alice\n")
        #expect(try book.authenticate(name: "alice", password: "granite-Meadow-5") == nil)

        let text = try home.expect(0, ["user", "list"]).stdout.split(separator: "\n").map(String.init)
        #expect(text.count == 3)
        #expect(text[0].hasPrefix("NAME") && text[0].contains("ROLE") && text[0].contains("STATE") && text[0].contains("CREATED"))
        #expect(text[1].hasPrefix("alice ") && text[1].contains("evidence_staff") && text[1].contains("disabled"))
        #expect(text[2].hasPrefix("王小明 ") && text[2].contains("approver") && text[2].contains("active"))
        // The columns line up on a terminal, where a Chinese character takes two columns.
        let columns = { (line: String, word: String) -> Int? in
            line.range(of: word).map { line[..<$0.lowerBound].unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) ? 2 : 1) } }
        }
        #expect(Set([columns(text[0], "ROLE"), columns(text[1], "evidence_staff"), columns(text[2], "approver")]).count == 1)
        #expect(Set([columns(text[0], "STATE"), columns(text[1], "disabled"), columns(text[2], "active")]).count == 1)

        let actor = try Self.expectedActor()
        let entries = try book.rows.catalog.auditEntries().filter { $0.object.hasPrefix("account:") }
        #expect(entries.map(\.action) == ["account.added", "account.added", "account.password_changed", "account.disabled"])
        #expect(entries.allSatisfy { $0.actor == actor })
        try home.expect(0, ["audit", "verify"])
        let bytes = try home.catalogBytes()
        for password in ["granite-Meadow-4", "granite-Meadow-5", "river-Stone-2026"] { #expect(!bytes.contains(password)) }
    }

    @Test func everyErrorIsNamedAndExitsNonZeroAndChangesNothing() throws {
        let home = try AccountHome()
        try home.expect(0, ["user", "add", "bob", "--role", "administrator"], input: "harbour-Light-9\n")
        let entries = try home.book().rows.catalog.auditEntries().count

        let role = try home.expect(1, ["user", "add", "carol", "--role", "admin"], input: "harbour-Light-9\n")
        #expect(role.stderr == "recgate: user add failed: unknown role \"admin\"; the roles are equipment_keeper, "
            + "evidence_staff, legal_office, approver, administrator\n")
        let duplicate = try home.expect(1, ["user", "add", "BOB", "--role", "approver"], input: "harbour-Light-9\n")
        #expect(duplicate.stderr.contains("an account named bob exists already"))
        let name = try home.expect(1, ["user", "add", "carol/x", "--role", "approver"], input: "harbour-Light-9\n")
        #expect(name.stderr.contains("the account name \"carol/x\" contains \"/\""))
        let short = try home.expect(1, ["user", "add", "carol", "--role", "approver"], input: "short\n")
        #expect(short.stderr.contains("the password is 5 characters long; a password has at least 10"))
        #expect(!short.stderr.contains("short\n"))
        let empty = try home.expect(1, ["user", "add", "carol", "--role", "approver"], input: "")
        #expect(empty.stderr.contains("the password was not given: standard input is empty"))
        let crlf = try home.expect(1, ["user", "add", "carol", "--role", "approver"], input: "harbour-Light-9\r\n")
        #expect(crlf.stderr.contains("contains a control character (\\r)"))
        for command in [["passwd", "dave"], ["disable", "dave"]] {
            let unknown = try home.expect(1, ["user"] + command, input: "harbour-Light-9\n")
            #expect(unknown.stderr == "recgate: user \(command[0]) failed: no account is named dave\n")
        }
        try home.expect(0, ["user", "disable", "bob"])
        let again = try home.expect(1, ["user", "disable", "bob"])
        #expect(again.stderr.contains("the account bob was disabled at "))
        let passwd = try home.expect(1, ["user", "passwd", "bob"], input: "harbour-Light-10\n")
        #expect(passwd.stderr.contains("the account bob was disabled at "))

        let book = try home.book()
        #expect(try book.list().map(\.name) == ["bob"])
        #expect(try book.rows.catalog.auditEntries().count == entries + 1, "only the one disable was written")
    }

    @Test func listingReadsWithoutCreatingAndABrokenCostIsNamed() throws {
        let home = try AccountHome()
        let missing = try home.expect(1, ["user", "list"])
        #expect(missing.stderr.contains("no catalog at"))
        #expect(!FileManager.default.fileExists(atPath: home.home.catalogURL.path))

        try Data(#"{"password_cost": 20}"#.utf8).write(to: home.home.configurationURL)
        let broken = try home.expect(1, ["user", "add", "erin", "--role", "approver"], input: "harbour-Light-9\n")
        #expect(broken.stderr.contains("password_cost"))
        #expect(broken.stderr.contains("from 10 to 16, not 20"))
    }

    /// On a terminal the password is asked twice and never echoed; two different answers change nothing.
    @Test func onATerminalThePasswordIsAskedTwiceWithoutEcho() throws {
        let home = try AccountHome()
        let same = try Terminal.run(home, ["user", "add", "fay", "--role", "legal_office"],
                                    answers: [("Password for fay: ", "quiet-Orchard-12"), ("Again: ", "quiet-Orchard-12")])
        #expect(same.status == 0, "\(same.transcript)")
        #expect(same.transcript.contains("added fay (legal_office)"))
        #expect(!same.transcript.contains("quiet-Orchard-12"))
        #expect(try home.book().authenticate(name: "fay", password: "quiet-Orchard-12") != nil)

        let differ = try Terminal.run(home, ["user", "passwd", "fay"],
                                      answers: [("Password for fay: ", "quiet-Orchard-13"), ("Again: ", "quiet-Orchard-14")])
        #expect(differ.status == 1)
        #expect(differ.transcript.contains("the password was typed differently the second time; nothing changed"))
        #expect(!differ.transcript.contains("quiet-Orchard-1"))
        #expect(try home.book().authenticate(name: "fay", password: "quiet-Orchard-12") != nil)
        #expect(same.transcript.hasSuffix("[echo on]") && differ.transcript.hasSuffix("[echo on]"))
    }

    /// Ctrl-C while the password is typed ends the command, adds nothing, and gives the echo back.
    @Test func ctrlCAtThePromptLeavesTheTerminalEchoing() throws {
        let home = try AccountHome()
        try home.expect(0, ["user", "add", "gil", "--role", "approver"], input: "quiet-Orchard-12\n")
        let interrupted = try Terminal.run(home, ["user", "add", "hal", "--role", "approver"],
                                           answers: [("Password for hal: ", "quiet-Orchard-15"), ("Again: ", "^C")])
        #expect(interrupted.status != 0)
        #expect(interrupted.transcript.hasSuffix("[echo on]"), "\(interrupted.transcript)")
        #expect(try home.book().list().map(\.name) == ["gil"])
    }
}
