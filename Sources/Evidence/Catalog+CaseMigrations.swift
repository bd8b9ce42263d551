import GRDB

extension Catalog {
    /// Cases and their steps, custody, clock observations, and the index of clip times that
    /// matching steps to clips queries. Never edit a registered migration: add a new one.
    static func registerCaseMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-cases") { db in
            // The current revision of each case, as imported (the document is the normalized JSON
            // of the case); every revision ever imported is kept in `case_revision`.
            try db.create(table: "case_file") { t in
                t.primaryKey("case_id", .text)
                t.column("title", .text)
                t.column("department", .text).indexed()
                t.column("revision", .integer).notNull()
                t.column("digest", .text).notNull()
                t.column("document", .text).notNull()
                t.column("imported_at", .text).notNull()
                t.column("actor", .text).notNull()
            }
            try db.create(table: "case_revision") { t in
                t.primaryKey("id", .text)
                t.column("case_id", .text).notNull().references("case_file")
                t.column("revision", .integer).notNull()
                t.column("digest", .text).notNull()
                t.column("document", .text).notNull()
                t.column("source", .text).notNull()
                t.column("imported_at", .text).notNull()
                t.column("actor", .text).notNull()
                t.uniqueKey(["case_id", "revision"])
            }
            try db.execute(sql: """
                CREATE TRIGGER case_revision_no_update BEFORE UPDATE ON case_revision
                BEGIN SELECT RAISE(ABORT, 'case revisions are history: never changed'); END;
                CREATE TRIGGER case_revision_no_delete BEFORE DELETE ON case_revision
                BEGIN SELECT RAISE(ABORT, 'case revisions are history: never deleted'); END;
                """)
            // The steps of each case's current revision, for queries by time (times are Unix seconds).
            try db.create(table: "case_step") { t in
                t.column("case_id", .text).notNull().references("case_file")
                t.column("step_id", .text).notNull()
                t.column("type", .text).notNull()
                t.column("start_s", .integer).notNull()
                t.column("end_s", .integer).notNull()
                t.column("officers", .text).notNull()
                t.column("devices", .text).notNull()
                t.column("full_process", .boolean).notNull()
                t.primaryKey(["case_id", "step_id"])
            }
            try db.create(index: "case_step_on_start", on: "case_step", columns: ["start_s"])

            // Who carried which device when. `to_s` is null while it lasts.
            try db.create(table: "custody") { t in
                t.primaryKey("id", .text)
                t.column("officer", .text).notNull()
                t.column("device_serial", .text).notNull()
                t.column("from_s", .integer).notNull()
                t.column("to_s", .integer)
                t.column("source", .text).notNull()
                t.column("recorded_at", .text).notNull()
                t.column("actor", .text).notNull()
                t.uniqueKey(["officer", "device_serial", "from_s"])
                t.check(sql: "to_s IS NULL OR to_s > from_s")
            }
            try db.create(index: "custody_on_device", on: "custody", columns: ["device_serial", "from_s"])
            try db.create(index: "custody_on_officer", on: "custody", columns: ["officer", "from_s"])

            // A device's clock read at a known gateway time: at a dock, by hand from its screen, or
            // from a file. Insert-only: corrections are new observations.
            try db.create(table: "clock_observation") { t in
                t.primaryKey("id", .text)
                t.column("device_serial", .text).notNull()
                t.column("device_time", .text).notNull()
                t.column("gateway_s", .double).notNull()
                t.column("source", .text).notNull().check(sql: "source IN ('dock', 'manual', 'import')")
                // The gateway set the device's clock right after this reading (a dock sync).
                t.column("clock_set", .boolean).notNull().defaults(to: false)
                t.column("note", .text)
                t.column("recorded_at", .text).notNull()
                t.column("actor", .text).notNull()
                t.uniqueKey(["device_serial", "gateway_s", "device_time"])
            }
            try db.create(index: "clock_observation_on_device", on: "clock_observation",
                          columns: ["device_serial", "gateway_s"])
            try db.execute(sql: """
                CREATE TRIGGER clock_observation_no_update BEFORE UPDATE ON clock_observation
                BEGIN SELECT RAISE(ABORT, 'clock observations are never changed: add one'); END;
                CREATE TRIGGER clock_observation_no_delete BEFORE DELETE ON clock_observation
                BEGIN SELECT RAISE(ABORT, 'clock observations are never deleted'); END;
                """)

            // Each clip's start and end on its device's clock (uncorrected, Unix seconds), kept for
            // interval queries: (device, start) is indexed, and `clip_time_bound` holds each device's
            // longest clip, so "clips overlapping [a, b]" is one index range [a - longest, b].
            try db.create(table: "clip_time") { t in
                t.primaryKey("clip_id", .text).references("clip")
                t.column("device_serial", .text).notNull()
                t.column("officer", .text)
                t.column("start_s", .integer).notNull()
                t.column("end_s", .integer).notNull()
                t.column("start_source", .text).notNull()
                t.column("sequence", .integer)
                t.column("session_id", .text).notNull()
                t.check(sql: "end_s >= start_s")
            }
            try db.create(index: "clip_time_on_device", on: "clip_time", columns: ["device_serial", "start_s"])
            try db.create(index: "clip_time_on_officer", on: "clip_time", columns: ["officer", "start_s"])
            try db.create(index: "clip_time_on_sequence", on: "clip_time", columns: ["device_serial", "sequence"])
            try db.create(table: "clip_time_bound") { t in
                t.primaryKey("device_serial", .text)
                t.column("longest_s", .integer).notNull()
            }
            try db.execute(sql: """
                CREATE TRIGGER clip_time_bound_on_insert AFTER INSERT ON clip_time
                BEGIN
                  INSERT INTO clip_time_bound (device_serial, longest_s)
                  VALUES (NEW.device_serial, NEW.end_s - NEW.start_s)
                  ON CONFLICT (device_serial) DO UPDATE SET longest_s = MAX(longest_s, excluded.longest_s);
                END;
                CREATE TRIGGER clip_time_bound_on_update AFTER UPDATE ON clip_time
                BEGIN
                  INSERT INTO clip_time_bound (device_serial, longest_s)
                  VALUES (NEW.device_serial, NEW.end_s - NEW.start_s)
                  ON CONFLICT (device_serial) DO UPDATE SET longest_s = MAX(longest_s, excluded.longest_s);
                END;
                """)
            // Clips stored before this migration.
            let ids = try String.fetchAll(db, sql: "SELECT id FROM clip")
            for id in ids { try refreshClipTime(db, clipID: id, containerReading: false) }  // its table is v8's
        }

        migrator.registerMigration("v5-clip-time-container-wall-clock") { db in
            // v4 spans also held the container's creation time read as UTC, a reading compliance never
            // uses (see `ClipTimeRow.init(clip:deviceSerial:media:)`): eight hours too long for a UTC+8
            // recorder. Recompute the spans of clips with a creation time, then each device's longest
            // span (the bound triggers only ever raise it).
            let ids = try String.fetchAll(db, sql: "SELECT DISTINCT clip_id FROM clip_media WHERE creation_time IS NOT NULL")
            for id in ids { try refreshClipTime(db, clipID: id, containerReading: false) }  // its table is v8's
            try db.execute(sql: """
                DELETE FROM clip_time_bound;
                INSERT INTO clip_time_bound (device_serial, longest_s)
                SELECT device_serial, MAX(end_s - start_s) FROM clip_time GROUP BY device_serial;
                """)
        }

        migrator.registerMigration("v6-custody-bounds") { db in
            // Custody overlap queries (`from_s <= b AND (to_s IS NULL OR to_s >= a)` on (officer, from_s))
            // searched an index but read every period of the officer that began before b: their whole
            // history, once per step. Closed periods now get the bound clip times have (the longest
            // period per officer and per device, so overlapping [a, b] means starting in
            // [a - longest, b]); open periods (`to_s` null, a handful) get partial indexes of their own.
            try db.create(table: "custody_bound") { t in
                t.column("scope", .text).notNull().check(sql: "scope IN ('officer', 'device')")
                t.column("key", .text).notNull()
                t.column("longest_s", .integer).notNull()
                t.primaryKey(["scope", "key"])
            }
            try db.execute(sql: """
                INSERT INTO custody_bound (scope, key, longest_s)
                SELECT 'officer', officer, MAX(to_s - from_s) FROM custody WHERE to_s IS NOT NULL GROUP BY officer;
                INSERT INTO custody_bound (scope, key, longest_s)
                SELECT 'device', device_serial, MAX(to_s - from_s) FROM custody WHERE to_s IS NOT NULL GROUP BY device_serial;
                CREATE TRIGGER custody_bound_on_insert AFTER INSERT ON custody WHEN NEW.to_s IS NOT NULL
                BEGIN
                  INSERT INTO custody_bound (scope, key, longest_s) VALUES ('officer', NEW.officer, NEW.to_s - NEW.from_s)
                  ON CONFLICT (scope, key) DO UPDATE SET longest_s = MAX(longest_s, excluded.longest_s);
                  INSERT INTO custody_bound (scope, key, longest_s) VALUES ('device', NEW.device_serial, NEW.to_s - NEW.from_s)
                  ON CONFLICT (scope, key) DO UPDATE SET longest_s = MAX(longest_s, excluded.longest_s);
                END;
                CREATE TRIGGER custody_bound_on_update AFTER UPDATE ON custody WHEN NEW.to_s IS NOT NULL
                BEGIN
                  INSERT INTO custody_bound (scope, key, longest_s) VALUES ('officer', NEW.officer, NEW.to_s - NEW.from_s)
                  ON CONFLICT (scope, key) DO UPDATE SET longest_s = MAX(longest_s, excluded.longest_s);
                  INSERT INTO custody_bound (scope, key, longest_s) VALUES ('device', NEW.device_serial, NEW.to_s - NEW.from_s)
                  ON CONFLICT (scope, key) DO UPDATE SET longest_s = MAX(longest_s, excluded.longest_s);
                END;
                CREATE INDEX custody_open_on_officer ON custody (officer, from_s) WHERE to_s IS NULL;
                CREATE INDEX custody_open_on_device ON custody (device_serial, from_s) WHERE to_s IS NULL;
                """)
            // "The longest clip of any device" (for clips found by officer) from an index, not a scan.
            try db.create(index: "clip_time_bound_on_longest", on: "clip_time_bound", columns: ["longest_s"])
        }

        migrator.registerMigration("v7-clip-time-long-spans") { db in
            // One clip whose readings disagree wildly (a clock reset mid-recording: named 2026, FAT time
            // 2000-01-01) has a span of decades. As the device's longest span it made every interval
            // query on the device, and as the longest of any device every query by officer, read all
            // history before the interval. Spans longer than `longSpan` now stay out of the bounds and
            // are found through partial indexes of their own (a few rows per device).
            let long = "end_s - start_s > \(Catalog.longSpan)"
            try db.execute(sql: """
                DROP TRIGGER clip_time_bound_on_insert;
                DROP TRIGGER clip_time_bound_on_update;
                CREATE TRIGGER clip_time_bound_on_insert AFTER INSERT ON clip_time
                WHEN NEW.end_s - NEW.start_s <= \(Catalog.longSpan)
                BEGIN
                  INSERT INTO clip_time_bound (device_serial, longest_s)
                  VALUES (NEW.device_serial, NEW.end_s - NEW.start_s)
                  ON CONFLICT (device_serial) DO UPDATE SET longest_s = MAX(longest_s, excluded.longest_s);
                END;
                CREATE TRIGGER clip_time_bound_on_update AFTER UPDATE ON clip_time
                WHEN NEW.end_s - NEW.start_s <= \(Catalog.longSpan)
                BEGIN
                  INSERT INTO clip_time_bound (device_serial, longest_s)
                  VALUES (NEW.device_serial, NEW.end_s - NEW.start_s)
                  ON CONFLICT (device_serial) DO UPDATE SET longest_s = MAX(longest_s, excluded.longest_s);
                END;
                DELETE FROM clip_time_bound;
                INSERT INTO clip_time_bound (device_serial, longest_s)
                SELECT device_serial, MAX(end_s - start_s) FROM clip_time WHERE NOT (\(long)) GROUP BY device_serial;
                CREATE INDEX clip_time_long_on_device ON clip_time (device_serial, start_s) WHERE \(long);
                CREATE INDEX clip_time_long_on_officer ON clip_time (officer, start_s) WHERE \(long);
                """)
        }
    }
}
