import Evidence
import Foundation
import GRDB

/// Writes a generated world straight into a catalog's tables with prepared statements, inside one
/// transaction the caller opens.
///
/// A benchmark catalog only. For the case check, rows go in without the audit entries `Catalog` writes
/// with each of them (`clip.stored`, `custody.add`, `clock.observed`, …) and without sightings, which it
/// never reads. With ``Audited`` (`seed-clips`, for clip search), each row gets the entry the real path
/// writes with it (same action, object, digest and actor kind; shorter details), each clip its first
/// sighting, the clips of every other session are released (`released_at` and `device.release`), and a
/// commit closes every `commitEvery` clips: `recgate audit verify` passes on the result. The schema is
/// the real one (the file is created by `Catalog(path:)`, so every migration ran), and each clip's
/// `clip_time` row is the one the catalog computes (`ClipTimeRow(clip:…)`).
final class CatalogLoader {
    /// Audit entries, sightings and releases as the real path writes them, and a commit every
    /// `commitEvery` clips (a million clips in one transaction would hold a WAL of gigabytes).
    struct Audited {
        var commitEvery: Int
    }

    private let db: Database
    private let audited: Audited?
    private let device: Statement
    private let session: Statement
    private let clip: Statement
    private let media: Statement
    private let time: Statement
    private let custody: Statement
    private let observation: Statement
    private let sighting: Statement
    private let at: String
    private var sessions = 0
    private var sessionReleased = false
    private var clipsSinceCommit = 0
    /// The first clip written, to compare with what the catalog reads back.
    private(set) var firstClip: ClipRow?

    init(_ db: Database, at: Date, audited: Audited? = nil) throws {
        self.db = db
        self.audited = audited
        self.at = WallClock.catalogText(at)
        device = try db.makeStatement(sql: """
            INSERT INTO device (id, serial, model, profile, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
            """)
        session = try db.makeStatement(sql: """
            INSERT INTO offload_session (id, device_id, volume, host, actor, started_at, ended_at, status, stored,
              already_stored, failed, error)
            VALUES (?, ?, ?, 'gw-01', ?, ?, ?, 'completed', ?, 0, 0, NULL)
            """)
        clip = try db.makeStatement(sql: """
            INSERT INTO clip (id, sha256, sm3, size, kind, store_path, status, device_id, session_id, source_path,
              source_name, fs_mtime_raw, fs_mtime, name_start_raw, name_start, time_zone, serial_from_name, officer,
              sequence, locked, created_at, verified_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        media = try db.makeStatement(sql: """
            INSERT INTO clip_media (id, clip_id, prober, probed_at, format, duration, integrity, creation_time, facts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        time = try db.makeStatement(sql: """
            INSERT INTO clip_time (clip_id, device_serial, officer, start_s, end_s, start_source, sequence, session_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        custody = try db.makeStatement(sql: """
            INSERT INTO custody (id, officer, device_serial, from_s, to_s, source, recorded_at, actor)
            VALUES (?, ?, ?, ?, ?, 'file:custody-bench.json', ?, 'bench')
            """)
        observation = try db.makeStatement(sql: """
            INSERT INTO clock_observation (id, device_serial, device_time, gateway_s, source, clock_set, note, recorded_at, actor)
            VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 'bench')
            """)
        sighting = try db.makeStatement(sql: """
            INSERT INTO sighting (id, clip_id, device_id, session_id, source_path, size, fs_mtime_raw, seen_at, released_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    func device(_ d: CaseWorld.Device, firstSeen: Date) throws {
        let seen = WallClock.catalogText(firstSeen)
        try device.execute(arguments: [d.id, d.serial, d.fixed ? "NVR-R4" : "DSJ-V9", d.fixed ? "nvr-export" : "mass-storage", seen, seen])
        try audit("device.register", "device:\(d.id)", detail: #"{"serial":"\#(d.serial)"}"#, at: firstSeen)
    }

    func session(id: String, deviceID: String, volume: String, actor: String, started: Date, ended: Date, stored: Int) throws {
        try session.execute(arguments: [id, deviceID, volume, actor, WallClock.catalogText(started), WallClock.catalogText(ended), stored])
        try audit("offload.begin", "session:\(id)", detail: #"{"device_id":"\#(deviceID)","volume":"\#(volume)"}"#, at: started,
                  actor: actor)
        try audit("offload.end", "session:\(id)", detail: #"{"status":"completed","stored":\#(stored)}"#, at: ended, actor: actor)
        sessions += 1
        sessionReleased = sessions % 2 == 0
    }

    func clip(_ c: ClipRow, media m: ClipMediaRow, deviceSerial: String) throws {
        if firstClip == nil { firstClip = c }
        try clip.execute(arguments: [
            c.id, c.sha256, c.sm3, c.size, c.kind, c.storePath, c.status.rawValue, c.deviceID, c.sessionID, c.sourcePath,
            c.sourceName, c.fsMtimeRaw, c.fsMtime.map(WallClock.catalogText), c.nameStartRaw, c.nameStart.map(WallClock.catalogText),
            c.timeZone, c.serialFromName, c.officer, c.sequence, c.locked, WallClock.catalogText(c.createdAt),
            WallClock.catalogText(c.verifiedAt),
        ])
        try media.execute(arguments: [
            m.id, m.clipID, m.prober, WallClock.catalogText(m.probedAt), m.format, m.duration, m.integrity,
            m.creationTime.map(WallClock.catalogText), m.facts,
        ])
        // The catalog's own rule for the span, so the index holds what `recordVerified` would store.
        if let t = ClipTimeRow(clip: c, deviceSerial: deviceSerial, media: m) {
            try time.execute(arguments: [t.clipID, t.deviceSerial, t.officer, t.startS, t.endS, t.startSource, t.sequence, t.sessionID])
        }
        guard let audited else { return }
        let sightingID = UUID().uuidString.lowercased()
        let released = sessionReleased ? c.createdAt.addingTimeInterval(3) : nil
        try sighting.execute(arguments: [sightingID, c.id, c.deviceID, c.sessionID, c.sourcePath, c.size, c.fsMtimeRaw,
                                         WallClock.catalogText(c.createdAt), released.map(WallClock.catalogText)])
        try audit("clip.stored", "clip:\(c.id)", digest: c.sha256,
                  detail: #"{"sighting_id":"\#(sightingID)","source_path":"\#(c.sourcePath)","size":\#(c.size)}"#, at: c.createdAt)
        try audit("clip.probed", "clip:\(c.id)", digest: c.sha256,
                  detail: #"{"prober":"\#(m.prober)","integrity":"\#(m.integrity)"}"#, at: m.probedAt)
        if let released {
            try audit("device.release", "sighting:\(sightingID)", digest: c.sha256, detail: #"{"basis":"copied"}"#,
                      at: released.addingTimeInterval(-1))
        }
        clipsSinceCommit += 1
        if clipsSinceCommit >= audited.commitEvery {
            try db.execute(sql: "COMMIT; BEGIN IMMEDIATE")
            clipsSinceCommit = 0
        }
    }

    func custody(id: String, officer: String, device: String, from: Int64, to: Int64?) throws {
        try custody.execute(arguments: [id, officer, device, from, to, at])
        try audit("custody.add", "device:\(device)", detail: #"{"officer":"\#(officer)","from_s":\#(from)}"#,
                  at: Date(timeIntervalSince1970: Double(from)))
    }

    func observation(id: String, device: String, deviceTime: String, gateway: Double, source: String, clockSet: Bool) throws {
        try observation.execute(arguments: [id, device, deviceTime, gateway, source, clockSet, at])
        try audit("clock.observed", "device:\(device)", detail: #"{"device_time":"\#(deviceTime)","source":"\#(source)"}"#,
                  at: Date(timeIntervalSince1970: gateway))
    }

    /// The entry the real path writes with a row, when audited.
    private func audit(_ action: String, _ object: String, digest: String = "", detail: String, at: Date, actor: String = "bench")
        throws
    {
        guard audited != nil else { return }
        _ = try Catalog.appendAudit(db, actor: actor, action: action, object: object, digest: digest, detail: detail, at: at)
    }
}
