import GRDB

extension Catalog {
    /// Indexes for searching clips across the catalog (`recgate clips`, the clip API): by device time
    /// alone (no device or officer named), by when they were stored, and the devices an officer's clips
    /// came from. The start index holds the end too: of the spans starting in `[a - longest, b]` only those
    /// ending after `a` are read. Never edit a registered migration: add a new one.
    static func registerClipSearchMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12-clip-search") { db in
            let long = "end_s - start_s > \(Catalog.longSpan)"
            try db.execute(sql: """
                CREATE INDEX clip_time_on_start ON clip_time (start_s, end_s);
                CREATE INDEX clip_time_long_on_start ON clip_time (start_s) WHERE \(long);
                CREATE INDEX clip_time_on_officer_device ON clip_time (officer, device_serial);
                CREATE INDEX clip_on_created_id ON clip (created_at, id);
                CREATE INDEX clip_on_device_created ON clip (device_id, created_at, id);
                CREATE INDEX clip_on_officer_created ON clip (officer, created_at, id);
                """)
        }
    }
}
