import GRDB

/// What changed a clip as a search shows it, for those who keep clips outside the catalog (the clip
/// search index of a long-running server, and the pages it renders): every insert, update or delete of a
/// `clip_time` row names its clip, every new clock reading its device (all of the device's clips are
/// corrected anew), every probe and sighting its clip. Written by triggers, so no writer can forget it;
/// read by sequence number.
extension Catalog {
    /// The log's first form (clip times and readings only), replaced by v15 below.
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

    /// The log the clip search index follows (v15, in place of v14's `clip_time_change`): besides a clip's
    /// place in time and its device's readings, what else a clip search shows of a clip that can change
    /// once it is stored (a new probe's verdict, a sighting or its release), so that what a server keeps
    /// of a clip is known to be stale. `what` says which: `time` and `reading` move clips, `probe` and
    /// `sighting` change only their facts. A clip with no `clip_time` row is in no index and not logged.
    static func registerClipChangeMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15-clip-change") { db in
            try db.execute(sql: """
                DROP TRIGGER clip_time_change_on_insert;
                DROP TRIGGER clip_time_change_on_update;
                DROP TRIGGER clip_time_change_on_delete;
                DROP TRIGGER clip_time_change_on_reading;
                DROP TABLE clip_time_change;
                CREATE TABLE clip_change (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  device_serial TEXT NOT NULL,
                  clip_id TEXT,
                  what TEXT NOT NULL CHECK (what IN ('time', 'reading', 'probe', 'sighting')),
                  CHECK ((clip_id IS NULL) = (what = 'reading'))
                );
                CREATE TRIGGER clip_change_on_time_insert AFTER INSERT ON clip_time
                BEGIN INSERT INTO clip_change (device_serial, clip_id, what) VALUES (NEW.device_serial, NEW.clip_id, 'time'); END;
                CREATE TRIGGER clip_change_on_time_update AFTER UPDATE ON clip_time
                BEGIN
                  INSERT INTO clip_change (device_serial, clip_id, what) VALUES (NEW.device_serial, NEW.clip_id, 'time');
                  INSERT INTO clip_change (device_serial, clip_id, what)
                    SELECT OLD.device_serial, OLD.clip_id, 'time' WHERE OLD.device_serial IS NOT NEW.device_serial;
                END;
                CREATE TRIGGER clip_change_on_time_delete AFTER DELETE ON clip_time
                BEGIN INSERT INTO clip_change (device_serial, clip_id, what) VALUES (OLD.device_serial, OLD.clip_id, 'time'); END;
                CREATE TRIGGER clip_change_on_reading AFTER INSERT ON clock_observation
                BEGIN INSERT INTO clip_change (device_serial, clip_id, what) VALUES (NEW.device_serial, NULL, 'reading'); END;
                CREATE TRIGGER clip_change_on_probe AFTER INSERT ON clip_media
                BEGIN
                  INSERT INTO clip_change (device_serial, clip_id, what)
                    SELECT device_serial, clip_id, 'probe' FROM clip_time WHERE clip_id = NEW.clip_id;
                END;
                CREATE TRIGGER clip_change_on_sighting AFTER INSERT ON sighting
                BEGIN
                  INSERT INTO clip_change (device_serial, clip_id, what)
                    SELECT device_serial, clip_id, 'sighting' FROM clip_time WHERE clip_id = NEW.clip_id;
                END;
                CREATE TRIGGER clip_change_on_release AFTER UPDATE OF released_at ON sighting
                BEGIN
                  INSERT INTO clip_change (device_serial, clip_id, what)
                    SELECT device_serial, clip_id, 'sighting' FROM clip_time WHERE clip_id = NEW.clip_id;
                END;
                """)
        }
    }

    /// The sequence number of the latest change (0 when none).
    public func latestClipChange() throws -> Int64 {
        try self.read("latestClipChange") { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT IFNULL(MAX(seq), 0) FROM clip_change")) ?? 0
        }
    }

    /// The changes after `seq`, up to the latest (see ``ClipChanges``).
    public func clipChanges(after seq: Int64) throws -> ClipChanges {
        try self.read("clipChanges") { db in
            var changes = ClipChanges(latest: seq)
            let rows = try Row.fetchCursor(db.cachedStatement(sql: Self.clipChangesSQL), arguments: [seq])
            while let row = try rows.next() {
                changes.latest = row[0]
                let device: String = row[1]
                switch (row[2] as String?, row[3] as String) {
                case (nil, _): changes.devices.insert(device)
                case (let clip?, "time"): changes.placed.append((device, clip))
                case (let clip?, _): changes.facts.append((device, clip))
                }
            }
            return changes
        }
    }

    static let clipChangesSQL = "SELECT seq, device_serial, clip_id, what FROM clip_change WHERE seq > ? ORDER BY seq"

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

/// The clip changes after a sequence number (``Catalog/clipChanges(after:)``).
public struct ClipChanges: Sendable {
    /// The sequence number of the last change read.
    public var latest: Int64
    /// Devices with a new clock reading: every clip of theirs may lie elsewhere in time.
    public var devices: Set<String> = []
    /// Clips whose place in time changed (their `clip_time` row inserted, updated or deleted).
    public var placed: [(device: String, clip: String)] = []
    /// Clips whose other facts changed: a new probe, a new sighting or a release.
    public var facts: [(device: String, clip: String)] = []

    public init(latest: Int64) { self.latest = latest }
}
