import GRDB

extension Catalog {
    /// The schema, as named migrations from an empty database. Never edit a registered
    /// migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1-device") { db in
            try db.create(table: "device") { t in
                t.primaryKey("id", .text)
                t.column("serial", .text).notNull().unique()
                t.column("model", .text)
                t.column("profile", .text).notNull()
                t.column("first_seen", .text).notNull()
                t.column("last_seen", .text).notNull()
            }
            try db.execute(sql: """
                CREATE TRIGGER device_no_delete BEFORE DELETE ON device
                BEGIN SELECT RAISE(ABORT, 'device rows are never deleted'); END;
                """)
        }

        migrator.registerMigration("v1-offload-session") { db in
            try db.create(table: "offload_session") { t in
                t.primaryKey("id", .text)
                t.column("device_id", .text).notNull().indexed().references("device")
                t.column("volume", .text).notNull()
                t.column("host", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("started_at", .text).notNull().indexed()
                t.column("ended_at", .text)
                t.column("status", .text).notNull()
                    .check(sql: "status IN ('running', 'completed', 'failed', 'interrupted')")
                t.column("stored", .integer).notNull().defaults(to: 0)
                t.column("already_stored", .integer).notNull().defaults(to: 0)
                t.column("failed", .integer).notNull().defaults(to: 0)
                t.column("error", .text)
            }
            try db.create(index: "offload_session_on_status", on: "offload_session", columns: ["status"])
            try db.execute(sql: """
                CREATE TRIGGER offload_session_no_delete BEFORE DELETE ON offload_session
                BEGIN SELECT RAISE(ABORT, 'offload_session rows are never deleted'); END;
                """)
        }

        migrator.registerMigration("v1-clip") { db in
            try db.create(table: "clip") { t in
                t.primaryKey("id", .text)
                t.column("sha256", .text).notNull().unique()
                    .check(sql: "length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'")
                t.column("sm3", .text)
                t.column("size", .integer).notNull().check(sql: "size >= 0")
                t.column("kind", .text).notNull()
                t.column("store_path", .text).notNull()
                t.column("status", .text).notNull().check(sql: "status IN ('verified')")
                t.column("device_id", .text).notNull().indexed().references("device")
                t.column("session_id", .text).notNull().indexed().references("offload_session")
                t.column("source_path", .text).notNull()
                t.column("source_name", .text).notNull()
                t.column("fs_mtime_raw", .text).notNull()
                t.column("fs_mtime", .text)
                t.column("name_start_raw", .text)
                t.column("name_start", .text).indexed()
                t.column("time_zone", .text).notNull()
                t.column("serial_from_name", .text)
                t.column("officer", .text).indexed()
                t.column("sequence", .integer)
                t.column("locked", .boolean).notNull()
                t.column("created_at", .text).notNull().indexed()
                t.column("verified_at", .text).notNull()
            }
            try db.execute(sql: """
                CREATE TRIGGER clip_no_delete BEFORE DELETE ON clip
                BEGIN SELECT RAISE(ABORT, 'clip rows are never deleted'); END;
                CREATE TRIGGER clip_no_update BEFORE UPDATE ON clip
                BEGIN SELECT RAISE(ABORT, 'clip rows are never modified'); END;
                """)
        }

        migrator.registerMigration("v1-sighting") { db in
            try db.create(table: "sighting") { t in
                t.primaryKey("id", .text)
                t.column("clip_id", .text).notNull().indexed().references("clip")
                t.column("device_id", .text).notNull().references("device")
                t.column("session_id", .text).notNull().indexed().references("offload_session")
                t.column("source_path", .text).notNull()
                t.column("size", .integer).notNull().check(sql: "size >= 0")
                t.column("fs_mtime_raw", .text).notNull()
                t.column("seen_at", .text).notNull()
                t.column("released_at", .text)
                // Also serves findSighting: its first four columns are the lookup key.
                t.uniqueKey(["device_id", "source_path", "size", "fs_mtime_raw", "clip_id"])
            }
            try db.execute(sql: """
                CREATE TRIGGER sighting_no_delete BEFORE DELETE ON sighting
                BEGIN SELECT RAISE(ABORT, 'sighting rows are never deleted'); END;
                CREATE TRIGGER sighting_release_only BEFORE UPDATE ON sighting
                WHEN NEW.id IS NOT OLD.id OR NEW.clip_id IS NOT OLD.clip_id
                  OR NEW.device_id IS NOT OLD.device_id OR NEW.session_id IS NOT OLD.session_id
                  OR NEW.source_path IS NOT OLD.source_path OR NEW.size IS NOT OLD.size
                  OR NEW.fs_mtime_raw IS NOT OLD.fs_mtime_raw OR NEW.seen_at IS NOT OLD.seen_at
                  OR (OLD.released_at IS NOT NULL AND NEW.released_at IS NOT OLD.released_at)
                BEGIN SELECT RAISE(ABORT, 'a sighting only changes once, to record its release'); END;
                """)
        }

        migrator.registerMigration("v1-audit") { db in
            try db.create(table: "audit") { t in
                t.primaryKey("seq", .integer)
                t.column("id", .text).notNull().unique()
                t.column("at", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("object", .text).notNull().indexed()
                t.column("digest", .text).notNull().indexed()
                t.column("detail", .text).notNull()
                t.column("prev_hash", .text).notNull()
                t.column("hash", .text).notNull()
            }
            // An honest guard against accidents, not against an attacker with the file (who
            // can drop triggers): that is what the hash chain and the anchor are for.
            try db.execute(sql: """
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit is append-only: UPDATE refused'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit is append-only: DELETE refused'); END;
                CREATE TRIGGER audit_append_in_order BEFORE INSERT ON audit
                WHEN NEW.seq IS NOT (SELECT IFNULL(MAX(seq), 0) + 1 FROM audit)
                  OR NEW.prev_hash IS NOT IFNULL((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),
                                                 '\(SHA256Hex.zero)')
                BEGIN SELECT RAISE(ABORT, 'audit is append-only: an entry must follow the last one'); END;
                """)
        }

        migrator.registerMigration("v2-clip-media") { db in
            // Media facts of a stored clip, as a prober read them. Insert-only like the clip itself:
            // a later, better prober adds its own row rather than changing the first.
            try db.create(table: "clip_media") { t in
                t.primaryKey("id", .text)
                t.column("clip_id", .text).notNull().indexed().references("clip")
                t.column("prober", .text).notNull()
                t.column("probed_at", .text).notNull()
                t.column("format", .text)
                t.column("duration", .double)
                t.column("integrity", .text).notNull()
                    .check(sql: "integrity IN ('ok', 'truncated', 'corrupt')")
                t.column("creation_time", .text)
                t.column("facts", .text).notNull()
                t.uniqueKey(["clip_id", "prober"])
            }
            try db.create(index: "clip_media_on_integrity", on: "clip_media", columns: ["integrity"])
            try db.execute(sql: """
                CREATE TRIGGER clip_media_no_delete BEFORE DELETE ON clip_media
                BEGIN SELECT RAISE(ABORT, 'media facts are never deleted'); END;
                CREATE TRIGGER clip_media_no_update BEFORE UPDATE ON clip_media
                BEGIN SELECT RAISE(ABORT, 'media facts are never changed: add a row'); END;
                """)
        }

        migrator.registerMigration("v3-derived") { db in
            // Files made from a stored clip (faststart copy, review proxy, contact sheet, recovered
            // clip): where they are, their digest, and how they were made. The original is never
            // touched; these rows say what came from it.
            try db.create(table: "derived") { t in
                t.primaryKey("id", .text)
                t.column("source_clip_id", .text).notNull().indexed().references("clip")
                t.column("kind", .text).notNull()
                t.column("sha256", .text).notNull().indexed()
                t.column("size", .integer).notNull()
                t.column("path", .text).notNull()
                t.column("recipe", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("created_at", .text).notNull()
            }
            try db.execute(sql: """
                CREATE TRIGGER derived_no_update BEFORE UPDATE ON derived
                BEGIN SELECT RAISE(ABORT, 'derived rows are never changed'); END;
                """)
        }

        registerCaseMigrations(&migrator)
        registerTimeHabitMigration(&migrator)
        registerDeviceConditionMigration(&migrator)
        registerClockGatewaySyncMigration(&migrator)
        registerAccountMigration(&migrator)
        registerClipSearchMigration(&migrator)
        registerClockBoundMigration(&migrator)
        registerClipTimeChangeMigration(&migrator)
        registerClipChangeMigration(&migrator)
        return migrator
    }
}
