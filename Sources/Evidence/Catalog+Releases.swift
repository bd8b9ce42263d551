import Foundation
import GRDB

// A release deletes a recording from its device. Its audit entry `device.release` is written before the
// delete, so no recording ever leaves a device unaudited; the sighting's `released_at` is set only once the
// source says the file was deleted. A release the source refused (the file changed since it was read) or
// one decided against (the device's bytes or the stored copy do not match the catalog) is audited as
// `device.release_skipped` with the reason, so no `device.release` entry stands unanswered by the run that
// wrote it. A stop between `device.release` and the delete leaves the file on the device and `released_at`
// unset; the next `--release` run checks it again and releases it with an entry of its own.

extension Catalog {
    /// Audits the release about to happen (`device.release`, about the sighting, carrying the clip's
    /// sha256). `basis` says what proved the device's bytes equal to the stored copy in this run
    /// (`copied` or `rehashed`).
    @discardableResult
    public func auditRelease(sightingID: String, basis: String, actor: String, at: Date) throws -> AuditEntry {
        try self.write("auditRelease") { db in
            let (sighting, clip) = try Self.sightingAndClip(db, sightingID, operation: "auditRelease")
            var detail = Self.releaseDetail(sighting, clip)
            detail.set("basis", basis)
            return try Self.appendAudit(
                db, actor: actor, action: "device.release", object: "sighting:\(sighting.id)",
                digest: clip.sha256, detail: detail.json, at: at)
        }
    }

    /// Records that the device's copy is deleted (the sighting's `released_at`), once; the audit entry was
    /// written by ``auditRelease(sightingID:basis:actor:at:)`` before the delete.
    @discardableResult
    public func confirmRelease(sightingID: String, at: Date) throws -> SightingRow {
        try self.write("confirmRelease") { db in
            guard var sighting = try SightingRow.fetchOne(db, key: sightingID) else {
                throw Self.notFound("sighting \(sightingID)", operation: "confirmRelease")
            }
            guard sighting.releasedAt == nil else { return sighting }
            sighting.releasedAt = at
            try sighting.update(db)
            return sighting
        }
    }

    /// Audits a release that did not happen: `device.release_skipped`, about the sighting, with the reason.
    @discardableResult
    public func recordReleaseSkipped(sightingID: String, reason: String, actor: String, at: Date) throws -> AuditEntry {
        try self.write("recordReleaseSkipped") { db in
            let (sighting, clip) = try Self.sightingAndClip(db, sightingID, operation: "recordReleaseSkipped")
            var detail = Self.releaseDetail(sighting, clip)
            detail.set("reason", reason)
            return try Self.appendAudit(
                db, actor: actor, action: "device.release_skipped", object: "sighting:\(sighting.id)",
                digest: clip.sha256, detail: detail.json, at: at)
        }
    }

    private static func sightingAndClip(_ db: Database, _ sightingID: String, operation: String) throws
        -> (SightingRow, ClipRow)
    {
        guard let sighting = try SightingRow.fetchOne(db, key: sightingID) else {
            throw Self.notFound("sighting \(sightingID)", operation: operation)
        }
        guard let clip = try ClipRow.fetchOne(db, key: sighting.clipID) else {
            throw Self.notFound("clip \(sighting.clipID)", operation: operation)
        }
        return (sighting, clip)
    }

    private static func releaseDetail(_ sighting: SightingRow, _ clip: ClipRow) -> AuditDetail {
        var detail = AuditDetail()
        detail.set("clip_id", clip.id)
        detail.set("device_id", sighting.deviceID)
        detail.set("source_path", sighting.sourcePath)
        return detail
    }
}
