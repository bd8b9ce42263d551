import GRDB

extension Catalog {
    /// The roles the `account` table accepts: the raw values of the Accounts module's `Role`, which
    /// Evidence does not know. A role added there needs a migration here.
    static let accountRoles = ["equipment_keeper", "evidence_staff", "legal_office", "approver", "administrator"]

    /// `account`: the people who use the gateway. The name compares without ASCII case (`Alice` and `alice`
    /// are one account: two would be told apart by nobody reading the audit log). Rows are never deleted;
    /// a row changes only by a new password hash (with its time) or by being disabled, once: each is an
    /// audited operation of ``AccountRows``, and nothing else may change (a role change would need its own
    /// audit action and a migration).
    static func registerAccountMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-account") { db in
            let roles = accountRoles.map { "'\($0)'" }.joined(separator: ", ")
            try db.execute(sql: """
                CREATE TABLE account (
                  name TEXT PRIMARY KEY NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 64),
                  role TEXT NOT NULL CHECK (role IN (\(roles))),
                  password_hash TEXT NOT NULL CHECK (password_hash GLOB '$2[aby]$*'),
                  disabled_at TEXT,
                  created_at TEXT NOT NULL,
                  password_changed_at TEXT NOT NULL
                );
                CREATE TRIGGER account_no_delete BEFORE DELETE ON account
                BEGIN SELECT RAISE(ABORT, 'account rows are never deleted: disable the account'); END;
                CREATE TRIGGER account_audited_changes_only BEFORE UPDATE ON account
                WHEN NEW.name IS NOT OLD.name OR NEW.role IS NOT OLD.role OR NEW.created_at IS NOT OLD.created_at
                  OR (OLD.disabled_at IS NOT NULL AND NEW.disabled_at IS NOT OLD.disabled_at)
                  OR ((NEW.password_hash IS NOT OLD.password_hash) <> (NEW.password_changed_at IS NOT OLD.password_changed_at))
                BEGIN SELECT RAISE(ABORT, 'an account changes only by a new password or by being disabled, once'); END;
                """)
        }
    }
}
