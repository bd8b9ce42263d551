import Foundation
import GRDB

extension Catalog {
    /// The sighting of this file (device, path on the device, size, raw mtime) and its clip,
    /// if it was recorded before: a rerun can skip the file without copying it again.
    ///
    /// Should the same file identity have been seen with different bytes (a reused name
    /// after a reformat, with the same size and mtime), the most recent sighting is returned.
    public func findSighting(
        deviceID: String, sourcePath: String, size: Int64, fsMtimeRaw: String
    ) throws -> (SightingRow, ClipRow)? {
        try self.read("findSighting") { db in
            guard let sighting = try SightingRow
                .filter(SightingRow.Columns.deviceID == deviceID)
                .filter(SightingRow.Columns.sourcePath == sourcePath)
                .filter(SightingRow.Columns.size == size)
                .filter(SightingRow.Columns.fsMtimeRaw == fsMtimeRaw)
                .order(SightingRow.Columns.seenAt.desc)
                .fetchOne(db),
                let clip = try ClipRow.fetchOne(db, key: sighting.clipID)
            else { return nil }
            return (sighting, clip)
        }
    }

    /// Records a verified recording, in one transaction: the clip row if its sha256 is new
    /// (else the existing row is reused), a sighting, and an audit entry carrying the sha256
    /// (`clip.stored` for a new clip, `clip.sighted` for known bytes).
    ///
    /// Recording the same sighting again writes nothing and returns it as `.existingClip`.
    ///
    /// - Throws: ``EvidenceError/Code/invalidDigest`` for a malformed sha256 or sm3;
    ///   ``EvidenceError/Code/conflict`` when the catalog already has this sha256 with another
    ///   size or sm3; ``EvidenceError/Code/database`` for an unknown device or session.
    public func recordVerified(_ new: NewClip, actor: String, at: Date) throws -> RecordOutcome {
        try SHA256Hex.validate(new.sha256, operation: "recordVerified")
        if let sm3 = new.sm3 {
            try SHA256Hex.validate(sm3, operation: "recordVerified")  // SM3 is 256 bits too
        }
        guard new.size >= 0 else {
            throw EvidenceError(
                code: .invalidArgument, operation: "recordVerified",
                message: "negative size \(new.size) for \(new.sourcePath)", location: .here())
        }
        return try self.write("recordVerified") { db in
            if let clip = try ClipRow.filter(ClipRow.Columns.sha256 == new.sha256).fetchOne(db) {
                guard clip.size == new.size else {
                    throw Self.conflict("sha256 \(new.sha256) is catalogued with \(clip.size) bytes, not \(new.size)")
                }
                if let known = clip.sm3, let sm3 = new.sm3, known != sm3 {
                    throw Self.conflict("sha256 \(new.sha256) is catalogued with sm3 \(known), not \(sm3)")
                }
                if let sighting = try Self.sighting(db, of: new, clipID: clip.id) {
                    return .existingClip(clip, sighting)
                }
                let sighting = try Self.insertSighting(db, of: new, clipID: clip.id, at: at)
                _ = try Self.appendAudit(
                    db, actor: actor, action: "clip.sighted", object: "clip:\(clip.id)",
                    digest: clip.sha256, detail: Self.detail(of: new, sighting: sighting), at: at)
                return .existingClip(clip, sighting)
            }

            let clip = ClipRow(
                id: Self.makeID(), sha256: new.sha256, sm3: new.sm3, size: new.size, kind: new.kind,
                storePath: new.storePath, status: .verified, deviceID: new.deviceID, sessionID: new.sessionID,
                sourcePath: new.sourcePath, sourceName: new.sourceName, fsMtimeRaw: new.fsMtimeRaw,
                fsMtime: new.fsMtime, nameStartRaw: new.nameStartRaw, nameStart: new.nameStart,
                timeZone: new.timeZone, serialFromName: new.serialFromName, officer: new.officer,
                sequence: new.sequence, locked: new.locked, createdAt: at, verifiedAt: at)
            try clip.insert(db)
            try Self.refreshClipTime(db, clipID: clip.id)
            let sighting = try Self.insertSighting(db, of: new, clipID: clip.id, at: at)
            _ = try Self.appendAudit(
                db, actor: actor, action: "clip.stored", object: "clip:\(clip.id)",
                digest: clip.sha256, detail: Self.detail(of: new, sighting: sighting), at: at)
            return .newClip(clip, sighting)
        }
    }

    /// Records that a recording could not be stored or verified. Audit: `clip.failed`,
    /// about the session.
    @discardableResult
    public func recordFailure(
        sessionID: String, sourcePath: String, error: String, actor: String, at: Date
    ) throws -> AuditEntry {
        try self.write("recordFailure") { db in
            guard let session = try SessionRow.fetchOne(db, key: sessionID) else {
                throw Self.notFound("session \(sessionID)", operation: "recordFailure")
            }
            var detail = AuditDetail()
            detail.set("device_id", session.deviceID)
            detail.set("source_path", sourcePath)
            detail.set("error", error)
            return try Self.appendAudit(
                db, actor: actor, action: "clip.failed", object: "session:\(sessionID)",
                digest: "", detail: detail.json, at: at)
        }
    }

    /// Every clip, oldest first: for whole-store verification.
    public func clips() throws -> [ClipRow] {
        try self.read("clips") { db in
            try ClipRow.order(ClipRow.Columns.createdAt, ClipRow.Columns.id).fetchAll(db)
        }
    }

    public func clip(sha256: String) throws -> ClipRow? {
        try self.read("clip") { db in
            try ClipRow.filter(ClipRow.Columns.sha256 == sha256).fetchOne(db)
        }
    }

    public func clip(id: String) throws -> ClipRow? {
        try self.read("clip") { db in try ClipRow.fetchOne(db, key: id) }
    }

    /// Every sighting of a clip, oldest first.
    public func sightings(clipID: String) throws -> [SightingRow] {
        try self.read("sightings") { db in
            try SightingRow.filter(SightingRow.Columns.clipID == clipID).order(SightingRow.Columns.seenAt).fetchAll(db)
        }
    }

    /// Every sighting made in a session, oldest first.
    public func sightings(sessionID: String) throws -> [SightingRow] {
        try self.read("sightings") { db in
            try SightingRow.filter(SightingRow.Columns.sessionID == sessionID).order(SightingRow.Columns.seenAt)
                .fetchAll(db)
        }
    }

    // MARK: - Helpers

    private static func sighting(_ db: Database, of new: NewClip, clipID: String) throws -> SightingRow? {
        try SightingRow
            .filter(SightingRow.Columns.deviceID == new.deviceID)
            .filter(SightingRow.Columns.sourcePath == new.sourcePath)
            .filter(SightingRow.Columns.size == new.size)
            .filter(SightingRow.Columns.fsMtimeRaw == new.fsMtimeRaw)
            .filter(SightingRow.Columns.clipID == clipID)
            .fetchOne(db)
    }

    private static func insertSighting(_ db: Database, of new: NewClip, clipID: String, at: Date) throws -> SightingRow {
        let sighting = SightingRow(
            id: makeID(), clipID: clipID, deviceID: new.deviceID, sessionID: new.sessionID,
            sourcePath: new.sourcePath, size: new.size, fsMtimeRaw: new.fsMtimeRaw, seenAt: at, releasedAt: nil)
        try sighting.insert(db)
        return sighting
    }

    private static func detail(of new: NewClip, sighting: SightingRow) -> String {
        var detail = AuditDetail()
        detail.set("sighting_id", sighting.id)
        detail.set("device_id", new.deviceID)
        detail.set("session_id", new.sessionID)
        detail.set("source_path", new.sourcePath)
        detail.set("size", new.size)
        detail.set("kind", new.kind)
        detail.set("fs_mtime_raw", new.fsMtimeRaw)
        if let sm3 = new.sm3 { detail.set("sm3", sm3) }
        return detail.json
    }

    private static func conflict(_ message: String, function: String = #function, line: Int = #line) -> EvidenceError {
        EvidenceError(
            code: .conflict, operation: "recordVerified", message: message,
            location: .init(function: function, file: #fileID, line: line))
    }
}
