import DeviceKit
import Foundation
import GRDB

/// The `account` rows of a catalog: each change in one transaction with its audit entry about
/// `account:<name>` (`account.added`, `account.password_changed`, `account.disabled`). An entry's detail
/// never holds the password or its hash: only the role and the bcrypt cost.
///
/// It checks what the catalog must (the row exists, is not disabled, the name is free); the rules for
/// names and passwords belong to the Accounts module, which is the one caller.
public struct AccountRows: Sendable {
    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// Adds an account. Throws ``EvidenceError/Code/alreadyExists`` when the name is taken (in any ASCII
    /// case: the message names the account that holds it).
    public func insert(name: String, role: String, passwordHash: String, actor: String, at: Date) throws -> AccountRow {
        try catalog.write("addAccount") { db in
            if let existing = try AccountRow.fetchOne(db, key: name) {
                throw EvidenceError(code: .alreadyExists, operation: "addAccount",
                                    message: "an account named \(existing.name) exists already", location: .here())
            }
            let now = RFC3339.catalogString(from: at)
            let row = AccountRow(name: name, role: role, passwordHash: passwordHash, disabledAt: nil, createdAt: now,
                                 passwordChangedAt: now)
            try row.insert(db)
            var detail = AuditDetail()
            detail.set("role", role)
            if let cost = Self.cost(of: passwordHash) { detail.set("bcrypt_cost", cost) }
            _ = try Catalog.appendAudit(db, actor: actor, action: "account.added", object: Self.object(name),
                                        digest: "", detail: detail.json, at: at)
            return row
        }
    }

    /// Replaces an enabled account's password hash. Throws ``EvidenceError/Code/notFound`` for an unknown
    /// name, ``EvidenceError/Code/invalidState`` for a disabled account.
    public func updatePassword(name: String, passwordHash: String, actor: String, at: Date) throws -> AccountRow {
        try catalog.write("setAccountPassword") { db in
            var row = try Self.enabled(db, name: name, operation: "setAccountPassword",
                                       why: "its password is not changed")
            row.passwordHash = passwordHash
            row.passwordChangedAt = RFC3339.catalogString(from: at)
            try row.update(db)
            var detail = AuditDetail()
            if let cost = Self.cost(of: passwordHash) { detail.set("bcrypt_cost", cost) }
            _ = try Catalog.appendAudit(db, actor: actor, action: "account.password_changed", object: Self.object(row.name),
                                        digest: "", detail: detail.json, at: at)
            return row
        }
    }

    /// Disables an account for good. Throws ``EvidenceError/Code/notFound`` for an unknown name,
    /// ``EvidenceError/Code/invalidState`` for one disabled already.
    public func disable(name: String, actor: String, at: Date) throws -> AccountRow {
        try catalog.write("disableAccount") { db in
            var row = try Self.enabled(db, name: name, operation: "disableAccount", why: "it stays as it is")
            row.disabledAt = RFC3339.catalogString(from: at)
            try row.update(db)
            var detail = AuditDetail()
            detail.set("role", row.role)
            _ = try Catalog.appendAudit(db, actor: actor, action: "account.disabled", object: Self.object(row.name),
                                        digest: "", detail: detail.json, at: at)
            return row
        }
    }

    /// The account with this name (in any ASCII case), or nil.
    public func fetch(name: String) throws -> AccountRow? {
        // Asked at every request of a signed-in session: a kept statement, the row read by position
        // (the query interface prepared the statement and decoded the row through Codable each time).
        try catalog.read("account") { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: Self.byNameSQL), arguments: [name]) else { return nil }
            return AccountRow(name: row[0], role: row[1], passwordHash: row[2], disabledAt: row[3], createdAt: row[4],
                              passwordChangedAt: row[5])
        }
    }

    static let byNameSQL = "SELECT name, role, password_hash, disabled_at, created_at, password_changed_at FROM account WHERE name = ?"

    /// Every account, by name.
    public func list() throws -> [AccountRow] {
        try catalog.read("accounts") { db in try AccountRow.order(Column("name")).fetchAll(db) }
    }

    /// The audit object of an account.
    public static func object(_ name: String) -> String { "account:\(name)" }

    private static func enabled(_ db: Database, name: String, operation: String, why: String) throws -> AccountRow {
        guard let row = try AccountRow.fetchOne(db, key: name) else {
            throw EvidenceError(code: .notFound, operation: operation, message: "no account named \(name)", location: .here())
        }
        if let since = row.disabledAt {
            throw EvidenceError(code: .invalidState, operation: operation,
                                message: "the account \(row.name) was disabled at \(since); \(why)", location: .here())
        }
        return row
    }

    /// The cost of a bcrypt hash (`$2b$12$…` → 12), for the audit detail.
    private static func cost(of hash: String) -> Int? {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        return Int(parts[2])
    }
}
