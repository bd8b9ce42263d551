import Foundation
import GRDB
import Testing

@testable import Evidence

@Suite("Clip times: the interval index that matching queries")
struct ClipTimeTests {
    let t0 = Int64(CatalogFixture.t0.timeIntervalSince1970)

    /// Stores clip `index` of `device` starting `start` seconds after t0 (by its file name), with the
    /// FAT time at `start + length` and, when `duration` is given, probe facts.
    @discardableResult
    func store(_ fixture: CatalogFixture, _ index: Int, device: DeviceRow, session: SessionRow, start: TimeInterval,
               length: TimeInterval, duration: Double? = nil) throws -> ClipRow {
        var new = CatalogFixture.newClip(sha256: CatalogFixture.digest(index), device: device, session: session,
                                         path: "DCIM/\(index).MP4")
        new.nameStart = CatalogFixture.time(start)
        new.fsMtime = CatalogFixture.time(start + length)
        new.sequence = index
        let clip = try fixture.catalog.recordVerified(new, actor: "dock:1", at: CatalogFixture.t0).clip
        if let duration {
            try fixture.catalog.recordMedia(
                ClipMediaRow(clipID: clip.id, prober: "recgate-probe/1", probedAt: CatalogFixture.t0, format: "mov,mp4",
                             duration: duration, integrity: "truncated", creationTime: nil, facts: "{}"),
                actor: "dock:1")
        }
        return clip
    }

    @Test func overlapQueriesFindLongClipsThatStartedBeforeTheWindow() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let device = try fixture.device("A001234")
        let session = try fixture.session(device)
        let other = try fixture.device("A009999")
        let otherSession = try fixture.session(other)
        try store(fixture, 1, device: device, session: session, start: 0, length: 600)
        try store(fixture, 2, device: device, session: session, start: 600, length: 300)
        // Four hours long, starting two hours before the window below.
        try store(fixture, 3, device: device, session: session, start: 3600, length: 4 * 3600)
        try store(fixture, 4, device: other, session: otherSession, start: 3 * 3600, length: 60)

        let window = try fixture.catalog.clipFacts(deviceSerials: ["A001234"], from: t0 + 3 * 3600, to: t0 + 3 * 3600 + 60)
        #expect(window.map(\.time.sequence) == [3])
        let early = try fixture.catalog.clipFacts(deviceSerials: ["A001234"], from: t0 + 599, to: t0 + 601)
        #expect(early.map(\.time.sequence) == [1, 2], "touching intervals both overlap a window across their seam")
        let both = try fixture.catalog.clipFacts(deviceSerials: ["A001234", "A009999"], from: t0 + 3 * 3600, to: t0 + 3 * 3600 + 1)
        #expect(both.map(\.time.deviceSerial) == ["A001234", "A009999"])
        #expect(try fixture.catalog.clipFacts(deviceSerials: ["A001234"], from: t0 + 10 * 3600, to: t0 + 11 * 3600).isEmpty)
        #expect(try fixture.catalog.sequenceRange(deviceSerial: "A001234") == 1...3)

        // By officer (the fixture's clips name 310045), and by sequence within a session.
        let byOfficer = try fixture.catalog.clipFacts(deviceSerials: [], officers: ["310045"], from: t0 + 3 * 3600, to: t0 + 3 * 3600)
        #expect(byOfficer.map(\.time.sequence) == [3, 4])
        #expect(try fixture.catalog.clipFacts(deviceSerials: [], officers: ["999999"], from: t0, to: t0 + 86_400).isEmpty)
        let bySequence = try fixture.catalog.clipFacts(deviceSerial: "A001234", sessionID: session.id, sequences: 2...9)
        #expect(bySequence.map(\.time.sequence) == [2, 3])
        #expect(try fixture.catalog.clipFacts(deviceSerial: "A001234", sessionID: otherSession.id, sequences: 1...9).isEmpty)
    }

    @Test func aSpanOfYearsStaysOutOfTheBoundAndIsStillFound() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let device = try fixture.device("A001234")
        let session = try fixture.session(device)
        try store(fixture, 1, device: device, session: session, start: 0, length: 600)
        // The clock was reset during clip 2: named an hour after t0, its FAT time is in 2000.
        var reset = CatalogFixture.newClip(sha256: CatalogFixture.digest(2), device: device, session: session, path: "DCIM/2.MP4")
        reset.nameStart = CatalogFixture.time(3600)
        reset.fsMtime = Date(timeIntervalSince1970: 946_688_400)  // 2000-01-01T09:00:00+08:00
        reset.sequence = 2
        try fixture.catalog.recordVerified(reset, actor: "dock:1", at: CatalogFixture.t0)
        try store(fixture, 3, device: device, session: session, start: 7200, length: 900)

        let bound = try fixture.catalog.read("bound") { db in
            try Int64.fetchOne(db, sql: "SELECT longest_s FROM clip_time_bound WHERE device_serial = 'A001234'")
        }
        #expect(bound == 900, "the decades-long span is not the device's bound")
        #expect(try fixture.catalog.clipFacts(deviceSerials: ["A001234"], from: t0 + 300, to: t0 + 300).map(\.time.sequence) == [2, 1])
        #expect(try fixture.catalog.clipFacts(deviceSerials: ["A001234"], from: t0 + 1800, to: t0 + 1800).map(\.time.sequence) == [2])
        #expect(try fixture.catalog.clipFacts(deviceSerials: ["A001234"], from: t0 + 7300, to: t0 + 7300).map(\.time.sequence) == [3])
        #expect(try fixture.catalog.clipFacts(deviceSerials: [], officers: ["310045"], from: t0 + 1800, to: t0 + 1800)
            .map(\.time.sequence) == [2])
    }

    @Test func probedDurationPlacesTheEndAndIsReported() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let device = try fixture.device()
        let session = try fixture.session(device)
        try store(fixture, 1, device: device, session: session, start: 0, length: 912, duration: 900.4)
        let facts = try #require(try fixture.catalog.clipFacts(deviceSerials: ["A001234"], from: t0, to: t0).first)
        // The span holds every reading: the name's start, and the FAT time (912 s) read as a start too,
        // each extended by the duration.
        #expect(facts.time.startS == t0 && facts.time.endS == t0 + 1813)
        #expect(facts.time.startSource == "name")
        #expect(facts.duration == 900.4 && facts.integrity == "truncated")
    }

    @Test func clipsStoredBeforeTheMigrationAreIndexed() throws {
        let directory = try TemporaryDirectory("migration")
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("catalog.sqlite")
        // A catalog as the previous release left it: migrated up to v3, with one clip.
        let queue = try DatabaseQueue(path: path.path)
        try Catalog.migrator.migrate(queue, upTo: "v3-derived")
        try queue.write { db in
            try db.execute(sql: """
                \(Self.olderCatalogDeviceAndSession)
                INSERT INTO clip (id, sha256, size, kind, store_path, status, device_id, session_id, source_path,
                  source_name, fs_mtime_raw, fs_mtime, time_zone, sequence, locked, created_at, verified_at)
                VALUES ('c1', '\(CatalogFixture.digest(1))', 1, 'video', '/s', 'verified', 'd1', 's1', 'a.mp4', 'a.mp4',
                  '2026-11-03 09:45:12', '2026-11-03T01:45:12.000Z', 'Asia/Shanghai', 7, 0,
                  '2026-11-03T01:50:00.000Z', '2026-11-03T01:50:00.000Z');
                """)
        }
        try queue.close()
        let catalog = try Catalog(path: path)
        let facts = try catalog.clipFacts(deviceSerials: ["A001234"], from: t0 + 900, to: t0 + 1000)
        #expect(facts.map(\.clip.id) == ["c1"])
        #expect(facts.first?.time.startSource == "fs" && facts.first?.time.sequence == 7)
    }
}

extension ClipTimeTests {
    @Test func clipsProbedBeforeV8VoteAndLoseTheirUnsupportedReading() throws {
        let directory = try TemporaryDirectory("migration-v8")
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("catalog.sqlite")
        // A catalog as v7 left it: a clip named 09:30:00 (China Standard Time), 600 s long, whose recorder
        // wrote true UTC (01:30:00Z) into creation_time; its span reached the digits read as wall-clock time.
        let queue = try DatabaseQueue(path: path.path)
        try Catalog.migrator.migrate(queue, upTo: "v7-clip-time-long-spans")
        try queue.write { db in
            try db.execute(sql: """
                \(Self.olderCatalogDeviceAndSession)
                INSERT INTO clip (id, sha256, size, kind, store_path, status, device_id, session_id, source_path,
                  source_name, fs_mtime_raw, fs_mtime, name_start_raw, name_start, time_zone, sequence, locked, created_at, verified_at)
                VALUES ('c1', '\(CatalogFixture.digest(1))', 1, 'video', '/s', 'verified', 'd1', 's1', 'a.mp4', 'a.mp4',
                  '2026-11-03 09:40:00', '2026-11-03T01:40:00.000Z', '20261103093000', '2026-11-03T01:30:00.000Z',
                  'Asia/Shanghai', 7, 0, '2026-11-03T01:50:00.000Z', '2026-11-03T01:50:00.000Z');
                INSERT INTO clip_media (id, clip_id, prober, probed_at, format, duration, integrity, creation_time, facts)
                VALUES ('m1', 'c1', 'recgate-probe/1', '2026-11-03T01:50:00.000Z', 'mov,mp4', 600, 'ok',
                  '2026-11-03T01:30:00.000Z', '{}');
                INSERT INTO clip_time (clip_id, device_serial, officer, start_s, end_s, start_source, sequence, session_id)
                VALUES ('c1', 'A001234', NULL, \(t0 - 8 * 3600), \(t0 + 600), 'name', 7, 's1');
                """)
        }
        try queue.close()
        let catalog = try Catalog(path: path)
        let habit = try #require(try catalog.timeHabit(deviceSerial: "A001234"))
        #expect(habit.utcClips == 1 && habit.localDigitClips == 0)
        let facts = try #require(try catalog.clipFacts(deviceSerials: ["A001234"], from: t0, to: t0).first)
        // From the name (the UTC reading agrees with it) to the FAT time read as a start plus the duration.
        #expect(facts.time.startS == t0 && facts.time.endS == t0 + 1200)
        #expect(facts.containerReading == .utc)
    }
}

@Suite("Clip times: the container's creation time")
struct ContainerSpanTests {
    /// A clip named 09:30:00 (China Standard Time), 600 s long, probed with `creationTime`.
    static func span(creationTime: Date) throws -> ClipTimeRow {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        return try span(creationTime: creationTime, in: fixture)
    }

    static func span(creationTime: Date, in fixture: CatalogFixture) throws -> ClipTimeRow {
        let device = try fixture.device()
        let session = try fixture.session(device)
        var new = CatalogFixture.newClip(sha256: CatalogFixture.digest(1), device: device, session: session)
        new.fsMtime = CatalogFixture.time(600)
        let clip = try fixture.catalog.recordVerified(new, actor: "dock:1", at: CatalogFixture.t0).clip
        try fixture.catalog.recordMedia(
            ClipMediaRow(clipID: clip.id, prober: "recgate-probe/1", probedAt: CatalogFixture.t0, format: "mov,mp4", duration: 600,
                         integrity: "ok", creationTime: creationTime, facts: "{}"),
            actor: "dock:1")
        return try #require(try fixture.catalog.clipFacts(deviceSerials: ["A001234"], from: Int64(CatalogFixture.t0.timeIntervalSince1970),
                                                          to: Int64(CatalogFixture.t0.timeIntervalSince1970)).first).time
    }

    @Test func wallClockDigitsInTheUTCFieldAddNothingToTheSpan() throws {
        // The recorder wrote 09:30:00 local into the field ISO BMFF calls UTC: read as wall-clock time it
        // is the name's start; read as UTC it would be eight hours later, a reading nobody uses. (The span
        // ends at the FAT time read as a start plus the duration.)
        let t0 = Int64(CatalogFixture.t0.timeIntervalSince1970)
        let time = try Self.span(creationTime: CatalogFixture.time(8 * 3600))
        #expect(time.startS == t0 && time.endS == t0 + 1200)
    }

    @Test func aRecorderWritingTrueUTCKeepsItsSpanOnTheName() throws {
        // True UTC (01:30Z) agrees with the name read as UTC, and the catalog reads it so: its digits read
        // as wall-clock time (8 hours before the name) are a reading the clip does not support, and a span
        // reaching them would be 8 hours long. The clip counts as one vote for UTC on its device.
        let t0 = Int64(CatalogFixture.t0.timeIntervalSince1970)
        let time = try Self.span(creationTime: CatalogFixture.t0)
        #expect(time.startS == t0 && time.endS == t0 + 1200)
    }

    @Test func eachClipVotesOnceForItsDevicesReading() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        _ = try Self.span(creationTime: CatalogFixture.t0, in: fixture)
        let habit = try #require(try fixture.catalog.timeHabit(deviceSerial: "A001234"))
        #expect(habit.utcClips == 1 && habit.localDigitClips == 0 && habit.containerReading == .utc)
        // A clip's facts carry the device's habit to compliance.
        let facts = try #require(try fixture.catalog.clipFacts(deviceSerials: ["A001234"], from: 0, to: Int64.max / 2).first)
        #expect(facts.containerReading == .utc)
    }
}

extension ClipTimeTests {
    /// The device `d1` (A001234) and its session `s1`, as SQL for a catalog made by an earlier schema.
    static let olderCatalogDeviceAndSession = """
        INSERT INTO device (id, serial, model, profile, first_seen, last_seen)
        VALUES ('d1', 'A001234', NULL, 'mass-storage', '2026-11-03T01:30:00.000Z', '2026-11-03T01:30:00.000Z');
        INSERT INTO offload_session (id, device_id, volume, host, actor, started_at, status)
        VALUES ('s1', 'd1', '/v', 'gw', 'dock', '2026-11-03T01:30:00.000Z', 'completed');
        """
}
