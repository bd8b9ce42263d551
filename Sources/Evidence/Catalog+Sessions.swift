import Foundation
import GRDB

extension Catalog {
    /// Starts an offload session for a registered device. Audit: `offload.begin`.
    public func beginSession(
        deviceID: String, volume: String, host: String, actor: String, at: Date
    ) throws -> SessionRow {
        try self.write("beginSession") { db in
            guard try DeviceRow.exists(db, key: deviceID) else {
                throw Self.notFound("device \(deviceID)", operation: "beginSession")
            }
            let session = SessionRow(
                id: Self.makeID(), deviceID: deviceID, volume: volume, host: host, actor: actor,
                startedAt: at, endedAt: nil, status: .running, stored: 0, alreadyStored: 0, failed: 0, error: nil)
            try session.insert(db)
            var detail = AuditDetail()
            detail.set("device_id", deviceID)
            detail.set("volume", volume)
            detail.set("host", host)
            _ = try Self.appendAudit(
                db, actor: actor, action: "offload.begin", object: "session:\(session.id)",
                digest: "", detail: detail.json, at: at)
            return session
        }
    }

    /// Ends a running session with its final counts. Audit: `offload.end`, by the session's actor.
    ///
    /// - Throws: ``EvidenceError/Code/notFound`` for an unknown session,
    ///   ``EvidenceError/Code/invalidState`` if it has ended already,
    ///   ``EvidenceError/Code/invalidArgument`` if `status` is `.running`.
    @discardableResult
    public func finishSession(
        id: String, status: SessionStatus, stored: Int, alreadyStored: Int, failed: Int, error: String?, at: Date
    ) throws -> SessionRow {
        guard status != .running else {
            throw EvidenceError(
                code: .invalidArgument, operation: "finishSession",
                message: "a session cannot finish as running", location: .here())
        }
        return try self.write("finishSession") { db in
            guard var session = try SessionRow.fetchOne(db, key: id) else {
                throw Self.notFound("session \(id)", operation: "finishSession")
            }
            guard session.status == .running else {
                throw EvidenceError(
                    code: .invalidState, operation: "finishSession",
                    message: "session \(id) has ended already (\(session.status.rawValue))", location: .here())
            }
            session.status = status
            session.endedAt = at
            session.stored = stored
            session.alreadyStored = alreadyStored
            session.failed = failed
            session.error = error
            try session.update(db)
            try Self.auditSessionEnd(db, session, actor: session.actor, at: at)
            return session
        }
    }

    /// Marks sessions still `running` as `interrupted`: those of the device `deviceID`, or with `nil`
    /// every one. Audit: `offload.end` for each, by `actor`.
    ///
    /// Call it only for sessions whose process is known dead: an offload holding its device's lock
    /// closes that device's leftovers, never another device's session, which may be live in another
    /// process.
    ///
    /// The counts are those of what the session catalogued before it stopped, as its rows show:
    /// `stored` its new clips, `already_stored` its other sightings (known bytes), `failed` its
    /// `clip.failed` entries. (Recordings it skipped as seen before leave no row and are not counted.)
    @discardableResult
    public func interruptRunningSessions(deviceID: String? = nil, actor: String, at: Date) throws -> [SessionRow] {
        try self.write("interruptRunningSessions") { db in
            var running = SessionRow.filter(SessionRow.Columns.status == SessionStatus.running)
            if let deviceID { running = running.filter(SessionRow.Columns.deviceID == deviceID) }
            var sessions = try running.fetchAll(db)
            for index in sessions.indices {
                let id = sessions[index].id
                let stored = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clip WHERE session_id = ?", arguments: [id]) ?? 0
                let sighted = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sighting WHERE session_id = ?", arguments: [id]) ?? 0
                let failed = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM audit WHERE object = ? AND action = 'clip.failed'",
                    arguments: ["session:\(id)"]) ?? 0
                sessions[index].stored = stored
                sessions[index].alreadyStored = max(0, sighted - stored)
                sessions[index].failed = failed
                sessions[index].status = .interrupted
                sessions[index].endedAt = at
                sessions[index].error = sessions[index].error ?? "the gateway stopped during the session"
                try sessions[index].update(db)
                try Self.auditSessionEnd(db, sessions[index], actor: actor, at: at)
            }
            return sessions
        }
    }

    /// The most recent sessions first.
    public func sessions(limit: Int = 100) throws -> [SessionRow] {
        try self.read("sessions") { db in
            try SessionRow.order(SessionRow.Columns.startedAt.desc).limit(limit).fetchAll(db)
        }
    }

    /// Sessions that did not complete (running, failed or interrupted), oldest first: an object they
    /// published may wait for its catalog row until the device is offloaded again.
    public func unfinishedSessions() throws -> [SessionRow] {
        try self.read("unfinishedSessions") { db in
            try SessionRow.filter(SessionRow.Columns.status != SessionStatus.completed)
                .order(SessionRow.Columns.startedAt).fetchAll(db)
        }
    }

    public func session(id: String) throws -> SessionRow? {
        try self.read("session") { db in try SessionRow.fetchOne(db, key: id) }
    }

    private static func auditSessionEnd(_ db: Database, _ session: SessionRow, actor: String, at: Date) throws {
        var detail = AuditDetail()
        detail.set("device_id", session.deviceID)
        detail.set("status", session.status.rawValue)
        detail.set("stored", session.stored)
        detail.set("already_stored", session.alreadyStored)
        detail.set("failed", session.failed)
        detail.set("error", session.error)
        _ = try Self.appendAudit(
            db, actor: actor, action: "offload.end", object: "session:\(session.id)",
            digest: "", detail: detail.json, at: at)
    }
}
