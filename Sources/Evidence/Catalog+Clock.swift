import DeviceKit
import Foundation
import GRDB

extension Catalog {
    /// Records clock observations in one transaction; one already recorded (same device, gateway
    /// time and device time) is not recorded twice. Returns how many were new.
    ///
    /// Audit: `clock.observed` about `device:<serial>`.
    @discardableResult
    public func recordClockObservations(_ observations: [NewClockObservation], actor: String, at: Date) throws -> Int {
        for o in observations where o.deviceSerial.isEmpty || o.deviceTime.isEmpty {
            throw EvidenceError(code: .invalidArgument, operation: "recordClockObservations",
                                message: "a clock observation needs a device serial and a device time", location: .here())
        }
        return try self.write("recordClockObservations") { db in
            var added = 0
            for o in observations {
                let gatewayS = o.gatewayTime.timeIntervalSince1970
                let known = try ClockObservationRow.filter(
                    Column("device_serial") == o.deviceSerial && Column("gateway_s") == gatewayS
                        && Column("device_time") == o.deviceTime).fetchCount(db) > 0
                if known { continue }
                try ClockObservationRow(id: Self.makeID(), deviceSerial: o.deviceSerial, deviceTime: o.deviceTime,
                                        gatewayS: gatewayS, source: o.source, clockSet: o.clockSet, note: o.note, recordedAt: at,
                                        actor: actor, gatewaySynchronised: o.gatewaySynchronised,
                                        gatewayMaxErrorMicroseconds: o.gatewayMaxErrorMicroseconds).insert(db)
                var detail = AuditDetail()
                detail.set("device_time", o.deviceTime)
                detail.set("gateway_time", RFC3339.catalogString(from: o.gatewayTime))
                detail.set("source", o.source)
                detail.set("clock_set", o.clockSet)
                if let synchronised = o.gatewaySynchronised { detail.set("gateway_synchronised", synchronised) }
                if let bound = o.gatewayMaxErrorMicroseconds { detail.set("gateway_max_error_us", bound) }
                _ = try Self.appendAudit(db, actor: actor, action: "clock.observed", object: "device:\(o.deviceSerial)",
                                    digest: "", detail: detail.json, at: at)
                added += 1
            }
            return added
        }
    }

    /// Every observation of a device's clock, by gateway time.
    public func clockObservations(deviceSerial: String) throws -> [ClockObservationRow] {
        try self.read("clockObservations") { db in
            try ClockObservationRow.fetchAll(db.cachedStatement(sql: Self.clockObservationsSQL), arguments: [deviceSerial])
        }
    }

    /// Changes exactly when a clock observation is added (the table is insert-only: triggers refuse
    /// updates and deletes, so its highest rowid only grows), for callers that keep readings.
    public func clockObservationsVersion() throws -> Int64 {
        try self.read("clockObservationsVersion") { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT IFNULL(MAX(rowid), 0) FROM clock_observation")) ?? 0
        }
    }

    static let clockObservationsSQL = "SELECT * FROM clock_observation WHERE device_serial = ? ORDER BY gateway_s"
}
