import GRDB

/// What changed a clip's place in time, for those who keep clips' corrected times outside the catalog
/// (the clip search index of a long-running server): every insert, update or delete of a `clip_time` row
/// names its clip, and every new clock reading its device (all of the device's clips are corrected anew).
/// Written by triggers, so no writer can forget it; read by sequence number.
extension Catalog {
    static func registerClipTimeChangeMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-clip-time-change") { db in
            try db.execute(sql: """
                CREATE TABLE clip_time_change (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  device_serial TEXT NOT NULL,
                  clip_id TEXT
                );
                CREATE TRIGGER clip_time_change_on_insert AFTER INSERT ON clip_time
                BEGIN INSERT INTO clip_time_change (device_serial, clip_id) VALUES (NEW.device_serial, NEW.clip_id); END;
                CREATE TRIGGER clip_time_change_on_update AFTER UPDATE ON clip_time
                BEGIN
                  INSERT INTO clip_time_change (device_serial, clip_id) VALUES (NEW.device_serial, NEW.clip_id);
                  INSERT INTO clip_time_change (device_serial, clip_id)
                    SELECT OLD.device_serial, OLD.clip_id WHERE OLD.device_serial IS NOT NEW.device_serial;
                END;
                CREATE TRIGGER clip_time_change_on_delete AFTER DELETE ON clip_time
                BEGIN INSERT INTO clip_time_change (device_serial, clip_id) VALUES (OLD.device_serial, OLD.clip_id); END;
                CREATE TRIGGER clip_time_change_on_reading AFTER INSERT ON clock_observation
                BEGIN INSERT INTO clip_time_change (device_serial, clip_id) VALUES (NEW.device_serial, NULL); END;
                """)
        }
    }

    /// The sequence number of the latest change (0 when none).
    public func latestClipTimeChange() throws -> Int64 {
        try self.read("latestClipTimeChange") { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT IFNULL(MAX(seq), 0) FROM clip_time_change")) ?? 0
        }
    }

    /// The changes after `seq`, up to the latest: the devices whose every clip changed (a new clock
    /// reading) and the clips changed one by one, each with its device; and the latest sequence number.
    public func clipTimeChanges(after seq: Int64) throws -> (latest: Int64, devices: Set<String>, clips: [(device: String, clip: String)]) {
        try self.read("clipTimeChanges") { db in
            var latest = seq
            var devices: Set<String> = []
            var clips: [(device: String, clip: String)] = []
            let rows = try Row.fetchCursor(db.cachedStatement(sql: Self.clipTimeChangesSQL), arguments: [seq])
            while let row = try rows.next() {
                latest = row[0]
                if let clip: String = row[2] { clips.append((row[1], clip)) } else { devices.insert(row[1]) }
            }
            return (latest, devices, clips)
        }
    }

    static let clipTimeChangesSQL = "SELECT seq, device_serial, clip_id FROM clip_time_change WHERE seq > ? ORDER BY seq"

    /// Every clip of the device that has a device-clock span, with its facts, handed to `body` one by one
    /// (a device may have many thousands: they are not held at once).
    public func forEachClipFacts(deviceSerial: String, _ body: (ClipFacts) throws -> Void) throws {
        try self.read("forEachClipFacts") { db in
            let statement = try db.cachedStatement(sql: Self.factsSQL + "WHERE t.device_serial = ?")
            try Self.forEachFacts(statement, arguments: [deviceSerial], body)
        }
    }

    /// The serials of the devices that have clips with a device-clock span (one read of an index).
    public func clipTimeDeviceSerials() throws -> [String] {
        try self.read("clipTimeDeviceSerials") { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT device_serial FROM clip_time INDEXED BY clip_time_on_device ORDER BY 1")
        }
    }
}
