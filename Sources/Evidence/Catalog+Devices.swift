import Foundation
import GRDB

extension Catalog {
    /// Registers the device with `serial`, or updates it: `last_seen` moves to `at` (never
    /// backwards), and a changed model or profile is recorded.
    ///
    /// Audit: `device.register` for a new device, `device.update` when the model or profile
    /// changed; nothing when only `last_seen` moved (sessions record each dock).
    @discardableResult
    public func upsertDevice(
        serial: String, model: String?, profile: String, at: Date, actor: String = "recgate"
    ) throws -> DeviceRow {
        guard !serial.isEmpty else {
            throw EvidenceError(
                code: .invalidArgument, operation: "upsertDevice",
                message: "a device needs a serial (give a synthetic one when the device has none)",
                location: .here())
        }
        return try self.write("upsertDevice") { db in
            guard var device = try DeviceRow.filter(DeviceRow.Columns.serial == serial).fetchOne(db) else {
                let device = DeviceRow(
                    id: Self.makeID(), serial: serial, model: model, profile: profile, firstSeen: at, lastSeen: at)
                try device.insert(db)
                var detail = AuditDetail()
                detail.set("serial", serial)
                detail.set("model", model)
                detail.set("profile", profile)
                _ = try Self.appendAudit(
                    db, actor: actor, action: "device.register", object: "device:\(device.id)",
                    digest: "", detail: detail.json, at: at)
                return device
            }
            let previous = device
            if let model { device.model = model }
            device.profile = profile
            device.lastSeen = max(device.lastSeen, at)
            if device != previous {
                try device.update(db)
            }
            if device.model != previous.model || device.profile != previous.profile {
                var detail = AuditDetail()
                detail.set("serial", serial)
                detail.set("model", device.model)
                detail.set("profile", device.profile)
                detail.set("previous_model", previous.model)
                detail.set("previous_profile", previous.profile)
                _ = try Self.appendAudit(
                    db, actor: actor, action: "device.update", object: "device:\(device.id)",
                    digest: "", detail: detail.json, at: at)
            }
            return device
        }
    }

    /// Every device, by serial.
    public func devices() throws -> [DeviceRow] {
        try self.read("devices") { db in
            try DeviceRow.order(DeviceRow.Columns.serial).fetchAll(db)
        }
    }

    public func device(id: String) throws -> DeviceRow? {
        try self.read("device") { db in try DeviceRow.fetchOne(db, key: id) }
    }

    public func device(serial: String) throws -> DeviceRow? {
        try self.read("device") { db in
            try DeviceRow.filter(DeviceRow.Columns.serial == serial).fetchOne(db)
        }
    }
}
