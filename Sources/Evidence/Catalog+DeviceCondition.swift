import Foundation
import GRDB

extension Catalog {
    /// `device_condition`: battery, storage and firmware as devices reported them, one row a report.
    /// Insert-only like clock observations: the history is what health is judged from.
    static func registerDeviceConditionMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-device-condition") { db in
            try db.execute(sql: """
                CREATE TABLE device_condition (
                  id TEXT PRIMARY KEY NOT NULL,
                  device_serial TEXT NOT NULL,
                  battery_percent INTEGER CHECK (battery_percent BETWEEN 0 AND 100),
                  storage_total INTEGER CHECK (storage_total >= 0),
                  storage_free INTEGER CHECK (storage_free >= 0),
                  firmware TEXT,
                  source TEXT NOT NULL,
                  observed_at TEXT NOT NULL,
                  actor TEXT NOT NULL
                );
                CREATE INDEX device_condition_on_device ON device_condition (device_serial, observed_at);
                CREATE TRIGGER device_condition_no_update BEFORE UPDATE ON device_condition
                BEGIN SELECT RAISE(ABORT, 'device conditions are never changed: add a row'); END;
                CREATE TRIGGER device_condition_no_delete BEFORE DELETE ON device_condition
                BEGIN SELECT RAISE(ABORT, 'device conditions are never deleted'); END;
                """)
        }
    }

    /// Records what a device reported about itself. Audit: `device.condition` about `condition:<id>`.
    ///
    /// - Throws: ``EvidenceError/Code/invalidArgument`` for an empty serial, a report with nothing in
    ///   it, a battery outside 0–100 or negative storage figures.
    @discardableResult
    public func recordDeviceCondition(_ new: NewDeviceCondition, actor: String, at: Date) throws -> DeviceConditionRow {
        func refuse(_ message: String) -> EvidenceError {
            EvidenceError(code: .invalidArgument, operation: "recordDeviceCondition", message: message, location: .here())
        }
        guard !new.deviceSerial.isEmpty else { throw refuse("a device condition needs a device serial") }
        guard new.batteryPercent != nil || new.storageTotal != nil || new.storageFree != nil || new.firmware != nil else {
            throw refuse("a device condition needs a battery, storage or firmware reading")
        }
        if let battery = new.batteryPercent, !(0...100).contains(battery) {
            throw refuse("a battery level is 0 to 100 percent, not \(battery)")
        }
        if (new.storageTotal ?? 0) < 0 || (new.storageFree ?? 0) < 0 {
            throw refuse("storage figures are 0 bytes or more")
        }
        return try self.write("recordDeviceCondition") { db in
            let row = DeviceConditionRow(
                id: Self.makeID(), deviceSerial: new.deviceSerial, batteryPercent: new.batteryPercent,
                storageTotal: new.storageTotal, storageFree: new.storageFree, firmware: new.firmware,
                source: new.source, observedAt: at, actor: actor)
            try row.insert(db)
            var detail = AuditDetail()
            detail.set("device_serial", new.deviceSerial)
            if let battery = new.batteryPercent { detail.set("battery_percent", battery) }
            if let total = new.storageTotal { detail.set("storage_total", total) }
            if let free = new.storageFree { detail.set("storage_free", free) }
            if let firmware = new.firmware { detail.set("firmware", firmware) }
            detail.set("source", new.source)
            _ = try Self.appendAudit(db, actor: actor, action: "device.condition", object: "condition:\(row.id)",
                                     digest: "", detail: detail.json, at: at)
            return row
        }
    }

    /// A device's reports, oldest first.
    public func deviceConditions(deviceSerial: String) throws -> [DeviceConditionRow] {
        try self.read("deviceConditions") { db in
            try DeviceConditionRow.filter(Column("device_serial") == deviceSerial)
                .order(Column("observed_at"), Column("rowid")).fetchAll(db)
        }
    }
}
