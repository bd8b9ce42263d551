import Evidence
import Foundation
import GRDB
import Gateway
import Synchronization
import Testing
import TestSupport

@testable import Accounts

/// Accounts on a real catalog file in a gateway home (`password_cost` 10).
@Suite("AccountBook")
struct AccountBookTests {
    static let admin = "test:admin"

    @Test func theHashIsBcryptAtTheConfiguredCostAndNoPasswordIsInTheCatalogFile() throws {
        let home = try AccountHome(cost: 11)
        let book = try home.book()
        let first = "lantern-Quarry-58", second = "Оранжевый-кот-2026"
        try book.add(name: "alice", role: .evidenceStaff, password: first, actor: Self.admin)
        let added = try #require(try book.rows.fetch(name: "alice"))
        #expect(added.passwordHash.hasPrefix("$2b$11$"))
        #expect(added.passwordHash.count == 60)
        // Another bcrypt (libxcrypt, through Python's crypt) agrees the hash is of this password.
        #expect(try Oracle.bcryptAccepts(first, added.passwordHash))
        #expect(try !Oracle.bcryptAccepts(second, added.passwordHash))

        try book.setPassword(name: "alice", password: second, actor: Self.admin)
        let changed = try #require(try book.rows.fetch(name: "alice"))
        #expect(changed.passwordHash != added.passwordHash)
        #expect(try Oracle.bcryptAccepts(second, changed.passwordHash))

        let bytes = try home.catalogBytes()
        #expect(bytes.contains("alice"), "the search reads the catalog's bytes")
        #expect(!bytes.contains(first))
        #expect(!bytes.contains(second))
    }

    @Test func signInNeedsTheRightPasswordOfAnEnabledAccount() throws {
        let home = try AccountHome()
        let book = try home.book()
        try book.add(name: "bob", role: .approver, password: "bicycle-Harbour-7", actor: Self.admin)

        let signedIn = try #require(try book.authenticate(name: "bob", password: "bicycle-Harbour-7"))
        #expect(signedIn.name == "bob" && signedIn.role == .approver && !signedIn.disabled)
        #expect(try book.authenticate(name: "BOB", password: "bicycle-Harbour-7")?.name == "bob")
        #expect(try book.authenticate(name: "bob", password: "bicycle-harbour-7") == nil)
        #expect(try book.authenticate(name: "bob", password: "bicycle-Harbour-7\n") == nil)
        #expect(try book.authenticate(name: "bob", password: "") == nil)
        #expect(try book.authenticate(name: "carol", password: "bicycle-Harbour-7") == nil)
        #expect(try book.authenticate(name: "no/such:name", password: "bicycle-Harbour-7") == nil)

        try book.disable(name: "bob", actor: Self.admin)
        #expect(try book.authenticate(name: "bob", password: "bicycle-Harbour-7") == nil)
        #expect(try book.account(named: "bob")?.disabled == true)
    }

    @Test func all72BytesCountAndALongerAttemptNeverMatches() throws {
        let home = try AccountHome()
        let book = try home.book()
        let password = String(repeating: "0123456789ab", count: 6)  // 72 bytes
        try book.add(name: "dora", role: .legalOffice, password: password, actor: Self.admin)
        #expect(try book.authenticate(name: "dora", password: password) != nil)
        #expect(try book.authenticate(name: "dora", password: String(password.dropLast()) + "X") == nil)
        // bcrypt itself would take this one: its first 72 bytes are the password.
        #expect(try Oracle.bcryptAccepts(password + "more", try #require(try book.rows.fetch(name: "dora")).passwordHash))
        #expect(try book.authenticate(name: "dora", password: password + "more") == nil)
    }

    /// An unknown name, a disabled account and a wrong password each cost one bcrypt comparison against
    /// a hash of the book's cost, as a right password does: the work, not a clock, is what is checked.
    @Test func everyAnswerSpendsOneComparisonAtTheBooksCost() throws {
        let home = try AccountHome()
        let catalog = try home.home.openCatalog(try home.gateway.configuration())
        let real = AccountBook(catalog: catalog, cost: 10).verify
        let calls = Calls()
        let book = AccountBook(catalog: catalog, cost: 10, now: Date.init) { password, hash in
            calls.record(hash)
            return real(password, hash)
        }
        try book.add(name: "erin", role: .equipmentKeeper, password: "erin-password-1", actor: Self.admin)
        try book.add(name: "frank", role: .equipmentKeeper, password: "frank-password-1", actor: Self.admin)
        try book.disable(name: "frank", actor: Self.admin)
        #expect(calls.take().isEmpty, "adding and disabling compare nothing")

        let stored = try #require(try book.rows.fetch(name: "erin")).passwordHash
        #expect(try book.authenticate(name: "erin", password: "erin-password-1") != nil)
        #expect(calls.take() == [stored])
        #expect(try book.authenticate(name: "erin", password: "wrong-password-1") == nil)
        #expect(calls.take() == [stored])
        #expect(try book.authenticate(name: "frank", password: "frank-password-1") == nil)
        let disabled = calls.take()
        #expect(disabled.count == 1 && disabled[0].hasPrefix("$2b$10$"))
        for unknown in ["nobody", "no/such:name", String(repeating: "x", count: 300)] {
            #expect(try book.authenticate(name: unknown, password: "erin-password-1") == nil)
            let compared = calls.take()
            #expect(compared.count == 1, "\(unknown)")
            #expect(compared.first?.hasPrefix("$2b$10$") == true)
            #expect(compared.first != stored)
        }
    }

    /// The catalog's check on roles takes each of the five, and nothing else (below).
    @Test func everyRoleCanHoldAnAccount() throws {
        let home = try AccountHome()
        let book = try home.book()
        for role in Role.allCases {
            try book.add(name: "as_\(role.rawValue)", role: role, password: "role-password-1", actor: Self.admin)
        }
        #expect(try book.list().map(\.role).sorted() == Role.allCases.sorted())
        #expect(try book.authenticate(name: "as_administrator", password: "role-password-1")?.role == .administrator)
    }

    @Test func passwordsHaveALengthAndAreNotOneCharacterRepeated() throws {
        let home = try AccountHome()
        let book = try home.book()
        let entries = try home.gateway.accounts().rows.catalog.auditEntries().count
        let refused: [(String, String)] = [
            ("short-pw1", "is 9 characters long; a password has at least 10"),
            ("aaaaaaaaaaaaaa", "is one character repeated"),
            (String(repeating: "密码", count: 13), "is 78 bytes long in UTF-8; a password has at most 72"),
            (String(repeating: "k", count: 40) + String(repeating: "K", count: 33), "is 73 bytes long"),
            ("good-password\r", "contains a control character (\\r)"),
            ("with\u{0}nul-byte", "contains a control character"),
        ]
        for (password, reason) in refused {
            #expect {
                try book.add(name: "gina", role: .approver, password: password, actor: Self.admin)
            } throws: { error in
                guard case .invalidPassword(let why) = error as? AccountError else { return false }
                return why.contains(reason) && !"\(error)".contains(password)
            }
        }
        #expect(try book.account(named: "gina") == nil)
        #expect(try book.rows.catalog.auditEntries().count == entries, "a refused password writes nothing")

        try book.add(name: "gina", role: .approver, password: "ten-chars!", actor: Self.admin)
        try book.setPassword(name: "gina", password: String(repeating: "密码", count: 12), actor: Self.admin)
        #expect(try book.authenticate(name: "gina", password: String(repeating: "密码", count: 12)) != nil)
    }

    @Test func namesHaveALengthAndACharacterSetAndOneSpellingPerAccount() throws {
        let home = try AccountHome()
        let book = try home.book()
        let refused = ["", String(repeating: "n", count: 65), "a/b", "a:b", "two words", "-rf", ".hidden", "_x",
                       "o'brien", "tab\there", "esc\u{1b}[31m"]
        for name in refused {
            #expect(throws: AccountError.self, "\(name)") {
                try book.add(name: name, role: .approver, password: "valid-password-1", actor: Self.admin)
            }
        }
        #expect(try book.list().isEmpty)
        #expect {
            try book.add(name: "a/b", role: .approver, password: "valid-password-1", actor: Self.admin)
        } throws: { "\($0)" == "the account name \"a/b\" contains \"/\"; a name has letters, digits and . _ - only" }

        for name in ["王小明", String(repeating: "n", count: 64), "li.wei_2-b", "Zoë"] {
            try book.add(name: name, role: .evidenceStaff, password: "valid-password-1", actor: Self.admin)
        }
        // The same name typed with a combining diaeresis is the same account.
        #expect {
            try book.add(name: "Zoe\u{308}", role: .approver, password: "valid-password-1", actor: Self.admin)
        } throws: { ($0 as? AccountError) == .duplicateName(existing: "Zoë") }
        try book.add(name: "Ann", role: .approver, password: "valid-password-1", actor: Self.admin)
        #expect {
            try book.add(name: "ann", role: .approver, password: "valid-password-1", actor: Self.admin)
        } throws: { ($0 as? AccountError) == .duplicateName(existing: "Ann") }
        #expect(try book.authenticate(name: "zoe\u{308}", password: "valid-password-1")?.name == "Zoë")
        #expect(try book.list().map(\.name).sorted() == ["Ann", "Zoë", "li.wei_2-b", String(repeating: "n", count: 64), "王小明"].sorted())
    }

    @Test func changesOfADisabledOrUnknownAccountAreRefused() throws {
        let home = try AccountHome()
        let book = try home.book()
        try book.add(name: "hana", role: .approver, password: "hana-password-1", actor: Self.admin)
        try book.disable(name: "hana", actor: Self.admin)
        let entries = try book.rows.catalog.auditEntries().count
        #expect { try book.disable(name: "hana", actor: Self.admin) } throws: {
            guard case .disabled("hana", _) = $0 as? AccountError else { return false }
            return "\($0)".hasPrefix("the account hana was disabled at 20")
        }
        #expect { try book.setPassword(name: "HANA", password: "new-password-22", actor: Self.admin) } throws: {
            guard case .disabled("hana", _) = $0 as? AccountError else { return false }
            return true
        }
        #expect { try book.setPassword(name: "ivan", password: "new-password-22", actor: Self.admin) } throws: {
            ($0 as? AccountError) == .unknownName("ivan") && "\($0)" == "no account is named ivan"
        }
        #expect { try book.disable(name: "ivan", actor: Self.admin) } throws: { ($0 as? AccountError) == .unknownName("ivan") }
        #expect(try book.rows.catalog.auditEntries().count == entries)
    }

    @Test func everyChangeIsAuditedWithItsActorAndNoSecretAndTheChainVerifies() throws {
        let home = try AccountHome()
        let book = try home.book()
        let password = "juniper-Castle-31", next = "juniper-Castle-32"
        try book.add(name: "jun", role: .administrator, password: password, actor: "cli:root")
        try book.setPassword(name: "JUN", password: next, actor: "web:jun")
        try book.disable(name: "jun", actor: Self.admin)
        let hash = try #require(try book.rows.fetch(name: "jun")).passwordHash

        let entries = try book.rows.catalog.auditEntries(object: "account:jun")
        #expect(entries.map(\.action) == ["account.added", "account.password_changed", "account.disabled"])
        #expect(entries.map(\.actor) == ["cli:root", "web:jun", Self.admin])
        #expect(entries[0].detail == #"{"bcrypt_cost":10,"role":"administrator"}"#)
        #expect(entries[1].detail == #"{"bcrypt_cost":10}"#)
        for entry in entries {
            for secret in [password, next, hash, String(hash.suffix(31))] { #expect(!entry.detail.contains(secret)) }
        }
        #expect(try home.gateway.verifyAudit().isIntact)
    }

    @Test func accountRowsAreNeverDeletedAndChangeOnlyThroughAuditedOperations() throws {
        let home = try AccountHome()
        let book = try home.book()
        try book.add(name: "kai", role: .evidenceStaff, password: "kai-password-1", actor: Self.admin)
        try book.add(name: "lea", role: .evidenceStaff, password: "lea-password-1", actor: Self.admin)
        try book.disable(name: "lea", actor: Self.admin)

        let queue = try DatabaseQueue(path: home.home.catalogURL.path)
        let refused = [
            ("DELETE FROM account WHERE name = 'kai'", "account rows are never deleted"),
            ("UPDATE account SET role = 'administrator' WHERE name = 'kai'", "an account changes only"),
            ("UPDATE account SET name = 'kai2' WHERE name = 'kai'", "an account changes only"),
            ("UPDATE account SET password_hash = password_hash || 'x' WHERE name = 'kai'", "an account changes only"),
            ("UPDATE account SET disabled_at = NULL WHERE name = 'lea'", "an account changes only"),
            ("UPDATE account SET created_at = '2000-01-01T00:00:00.000Z' WHERE name = 'kai'", "an account changes only"),
            ("INSERT INTO account VALUES ('mo', 'superuser', '$2b$10$x', NULL, '', '')", "CHECK constraint failed"),
            ("INSERT INTO account VALUES ('mo', 'approver', 'plain text', NULL, '', '')", "CHECK constraint failed"),
        ]
        for (sql, message) in refused {
            #expect(Comment(rawValue: sql)) {
                try queue.write { try $0.execute(sql: sql) }
            } throws: { "\($0)".contains(message) }
        }
        try queue.close()
        #expect(try book.list().map(\.name) == ["kai", "lea"])
        #expect(try book.account(named: "lea")?.disabled == true)
        #expect(try book.authenticate(name: "kai", password: "kai-password-1")?.role == .evidenceStaff)
    }

    /// A row put in behind the gateway's back (without its audit entry) is named by the audit check.
    @Test func anAccountWithoutItsAuditEntryIsFound() throws {
        let home = try AccountHome()
        let book = try home.book()
        try book.add(name: "nina", role: .approver, password: "nina-password-1", actor: Self.admin)
        let hash = try #require(try book.rows.fetch(name: "nina")).passwordHash
        let queue = try DatabaseQueue(path: home.home.catalogURL.path)
        try queue.write {
            try $0.execute(sql: "INSERT INTO account VALUES ('mallory', 'administrator', ?, NULL, '2026-12-04T00:00:00.000Z', '2026-12-04T00:00:00.000Z')",
                           arguments: [hash])
        }
        try queue.close()
        let verification = try home.gateway.verifyAudit()
        guard case .incomplete(_, _, let gaps) = verification else {
            Issue.record("expected an incomplete audit, got \(verification)")
            return
        }
        #expect(gaps.map(\.object) == ["account:mallory"])
        #expect(gaps.map(\.action) == ["account.added"])
    }

    @Test func passwordCostComesFromTheConfigurationWithinItsRange() throws {
        for cost in [9, 17] {
            let home = try AccountHome(cost: cost)
            #expect { try home.gateway.accounts() } throws: {
                "\($0)".contains("password_cost") && "\($0)".contains("from 10 to 16")
            }
        }
        let home = try AccountHome(cost: 10)
        try Data("{}".utf8).write(to: home.home.configurationURL)
        #expect(try home.gateway.accounts().cost == AccountBook.defaultCost)
    }
}

/// The hashes a book compared passwords against, in order.
final class Calls: Sendable {
    private let hashes = Mutex<[String]>([])

    func record(_ hash: String) { hashes.withLock { $0.append(hash) } }

    /// The hashes recorded since the last call.
    func take() -> [String] { hashes.withLock { taken in defer { taken = [] }; return taken } }
}
