import Foundation

extension Catalog {
    /// Records that a device refused the gateway's login (a wrong configured password): audit
    /// `device.login_refused` about `device:<serial or port path>`, with the port and the driver. Nothing of
    /// the password is recorded. No row: the audit log is where refusals are looked up.
    @discardableResult
    public func recordLoginRefused(device: String, portPath: String, driver: String, operation: String, actor: String,
                                   at: Date) throws -> AuditEntry {
        guard !device.isEmpty else {
            throw EvidenceError(code: .invalidArgument, operation: "recordLoginRefused",
                                message: "a refused login needs a device serial or port path", location: .here())
        }
        var detail = AuditDetail()
        detail.set("port_path", portPath)
        detail.set("driver", driver)
        detail.set("operation", operation)
        return try appendAudit(actor: actor, action: "device.login_refused", object: "device:\(device)", digest: "",
                               detail: detail.json, at: at)
    }
}
