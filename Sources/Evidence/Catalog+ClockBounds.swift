import DeviceKit
import Foundation
import GRDB

extension Catalog {
    /// `clock_bound`: what is known of a clock that cannot be read (``ClockBoundRow``). Apart from
    /// `clock_observation`, whose rows are readings: a bound must never be taken for one.
    static func registerClockBoundMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13-clock-bound") { db in
            try db.execute(sql: """
                CREATE TABLE clock_bound (
                  id TEXT PRIMARY KEY NOT NULL,
                  device_serial TEXT NOT NULL,
                  device_time TEXT NOT NULL,
                  gateway_s DOUBLE NOT NULL,
                  kind TEXT NOT NULL CHECK (kind IN ('lower')),
                  clock_set BOOLEAN NOT NULL DEFAULT 0,
                  note TEXT,
                  recorded_at TEXT NOT NULL,
                  actor TEXT NOT NULL,
                  UNIQUE (device_serial, gateway_s, device_time, kind)
                );
                CREATE INDEX clock_bound_on_device ON clock_bound (device_serial, gateway_s);
                CREATE TRIGGER clock_bound_no_update BEFORE UPDATE ON clock_bound
                BEGIN SELECT RAISE(ABORT, 'clock bounds are never changed: add one'); END;
                CREATE TRIGGER clock_bound_no_delete BEFORE DELETE ON clock_bound
                BEGIN SELECT RAISE(ABORT, 'clock bounds are never deleted'); END;
                """)
        }
    }

    /// Records a lower bound of a device's clock; one already recorded is not recorded twice. Returns
    /// whether it was new. Audit: `clock.bounded` about `device:<serial>`.
    @discardableResult
    public func recordClockLowerBound(_ bound: NewClockBound, actor: String, at: Date) throws -> Bool {
        guard !bound.deviceSerial.isEmpty, !bound.deviceTime.isEmpty else {
            throw EvidenceError(code: .invalidArgument, operation: "recordClockLowerBound",
                                message: "a clock bound needs a device serial and a device time", location: .here())
        }
        return try self.write("recordClockLowerBound") { db in
            let gatewayS = bound.gatewayTime.timeIntervalSince1970
            let known = try ClockBoundRow.filter(
                Column("device_serial") == bound.deviceSerial && Column("gateway_s") == gatewayS
                    && Column("device_time") == bound.deviceTime && Column("kind") == "lower").fetchCount(db) > 0
            if known { return false }
            try ClockBoundRow(id: Self.makeID(), deviceSerial: bound.deviceSerial, deviceTime: bound.deviceTime, gatewayS: gatewayS,
                              kind: "lower", clockSet: bound.clockSet, note: bound.note, recordedAt: at, actor: actor).insert(db)
            var detail = AuditDetail()
            detail.set("kind", "lower")
            detail.set("device_time", bound.deviceTime)
            detail.set("gateway_time", RFC3339.catalogString(from: bound.gatewayTime))
            detail.set("clock_set", bound.clockSet)
            _ = try Self.appendAudit(db, actor: actor, action: "clock.bounded", object: "device:\(bound.deviceSerial)",
                                     digest: "", detail: detail.json, at: at)
            return true
        }
    }

    /// Every bound of a device's clock, by gateway time.
    public func clockBounds(deviceSerial: String) throws -> [ClockBoundRow] {
        try self.read("clockBounds") { db in
            try ClockBoundRow.filter(Column("device_serial") == deviceSerial).order(Column("gateway_s")).fetchAll(db)
        }
    }
}
