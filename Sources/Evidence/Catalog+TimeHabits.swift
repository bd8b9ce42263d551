import Foundation
import GRDB

extension Catalog {
    /// How each clip's container time reads (`clip_container_reading`, one row a clip that supports a
    /// reading) and each device's tally of them (`device_time_habit`), kept by triggers so that a clip
    /// probed again moves its vote instead of casting a second one.
    static func registerTimeHabitMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-device-time-habit") { db in
            try db.execute(sql: """
                CREATE TABLE clip_container_reading (
                  clip_id TEXT PRIMARY KEY NOT NULL REFERENCES clip(id),
                  device_serial TEXT NOT NULL,
                  reading TEXT NOT NULL CHECK (reading IN ('utc', 'local_digits'))
                );
                CREATE TABLE device_time_habit (
                  device_serial TEXT PRIMARY KEY NOT NULL,
                  utc_clips INTEGER NOT NULL DEFAULT 0,
                  local_digit_clips INTEGER NOT NULL DEFAULT 0
                );
                CREATE TRIGGER clip_container_reading_on_insert AFTER INSERT ON clip_container_reading
                BEGIN
                  INSERT INTO device_time_habit (device_serial, utc_clips, local_digit_clips)
                  VALUES (NEW.device_serial, NEW.reading = 'utc', NEW.reading = 'local_digits')
                  ON CONFLICT (device_serial) DO UPDATE SET utc_clips = utc_clips + (NEW.reading = 'utc'),
                    local_digit_clips = local_digit_clips + (NEW.reading = 'local_digits');
                END;
                CREATE TRIGGER clip_container_reading_on_delete AFTER DELETE ON clip_container_reading
                BEGIN
                  UPDATE device_time_habit SET utc_clips = utc_clips - (OLD.reading = 'utc'),
                    local_digit_clips = local_digit_clips - (OLD.reading = 'local_digits')
                  WHERE device_serial = OLD.device_serial;
                END;
                """)
            // Clips stored before: their votes, and spans that now hold the reading that agrees.
            let ids = try String.fetchAll(db, sql: "SELECT DISTINCT clip_id FROM clip_media WHERE creation_time IS NOT NULL")
            for id in ids { try Catalog.refreshClipTime(db, clipID: id) }
        }
    }

    /// Records the reading one clip supports (or that it supports none), in the transaction that
    /// refreshes its span.
    static func refreshContainerReading(_ db: Database, clip: ClipRow, deviceSerial: String, media: ClipMediaRow?) throws {
        try db.execute(sql: "DELETE FROM clip_container_reading WHERE clip_id = ?", arguments: [clip.id])
        guard let created = media?.creationTime, let zone = TimeZone(identifier: clip.timeZone),
              let reading = ContainerTimeReading.supported(
                created: created, references: ContainerTimeReading.references(clip: clip, duration: media?.duration), zone: zone)
        else { return }
        try db.execute(sql: "INSERT INTO clip_container_reading (clip_id, device_serial, reading) VALUES (?, ?, ?)",
                       arguments: [clip.id, deviceSerial, reading.rawValue])
    }

    /// A device's habit, nil when none of its clips has shown one.
    public func timeHabit(deviceSerial: String) throws -> DeviceTimeHabit? {
        try self.read("timeHabit") { db in try DeviceTimeHabit.fetchOne(db, key: deviceSerial) }
    }

    /// Every device's habit, by serial.
    public func timeHabits() throws -> [String: DeviceTimeHabit] {
        try self.read("timeHabits") { db in
            Dictionary(uniqueKeysWithValues: try DeviceTimeHabit.fetchAll(db).map { ($0.deviceSerial, $0) })
        }
    }
}
