import Foundation
import GRDB
import Testing
import TestSupport

@testable import Evidence

#if canImport(Glibc)
import Glibc
#endif

/// `Catalog(readingAt:)`: never creates, migrates or writes, works on a full file system, and
/// refuses a missing, empty or foreign-schema catalog with a message saying what to do.
@Suite("Read-only catalog", .serialized)
struct ReadOnlyCatalogTests {
    /// A catalog with a device, a session and two clips in `folder`, closed again (as a finished
    /// command leaves it).
    static func writtenCatalog(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("catalog.sqlite")
        let catalog = try Catalog(path: url)
        let device = try catalog.upsertDevice(serial: "A001234", model: "DSJ-V9", profile: "mass-storage", at: CatalogFixture.t0)
        let session = try catalog.beginSession(deviceID: device.id, volume: "/media/A001234", host: "gw-01", actor: "dock:3",
                                               at: CatalogFixture.t0)
        for index in 1...2 {
            _ = try catalog.recordVerified(
                CatalogFixture.newClip(sha256: CatalogFixture.digest(index), device: device, session: session,
                                       path: "DCIM/\(index).MP4"),
                actor: "dock:3", at: CatalogFixture.time(Double(index)))
        }
        try catalog.finishSession(id: session.id, status: .completed, stored: 2, alreadyStored: 0, failed: 0,
                                  error: nil, at: CatalogFixture.time(5))
        return url
    }

    /// Every file in `folder` with its bytes: what "changes nothing" compares.
    static func contents(of folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return result
    }

    @Test func aMissingCatalogIsAnErrorAndIsNotCreated() throws {
        let folder = try TemporaryDirectory("readonly")
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("catalog.sqlite")
        let error = #expect(throws: EvidenceError.self) { try Catalog(readingAt: url) }
        #expect(error?.code == .notFound)
        #expect(error?.message == "no catalog at \(url.path)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func anEmptyFileIsRefusedAndLeftAsItIs() throws {
        let folder = try TemporaryDirectory("readonly")
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("catalog.sqlite")
        #expect(FileManager.default.createFile(atPath: url.path, contents: Data()))
        let error = #expect(throws: EvidenceError.self) { try Catalog(readingAt: url) }
        #expect(error?.message.contains("is empty (0 bytes)") == true, "\(String(describing: error))")
        #expect(try Self.contents(of: folder.url) == ["catalog.sqlite": Data()])
    }

    @Test func aDatabaseWithoutTheSchemaIsRefused() throws {
        let folder = try TemporaryDirectory("readonly")
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("catalog.sqlite")
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { try $0.execute(sql: "CREATE TABLE other (x)") }
        try queue.close()
        let error = #expect(throws: EvidenceError.self) { try Catalog(readingAt: url) }
        #expect(error?.message.contains("holds no catalog (no schema)") == true, "\(String(describing: error))")
    }

    @Test func aNewerOrOlderSchemaIsRefusedSayingWhatToDo() throws {
        let folder = try TemporaryDirectory("readonly")
        defer { folder.remove() }
        let url = try Self.writtenCatalog(in: folder.url)
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        let newer = #expect(throws: EvidenceError.self) { try Catalog(readingAt: url) }
        #expect(newer?.message.contains("newer recgate") == true && newer?.message.contains("v99-future") == true,
                "\(String(describing: newer))")

        try queue.write {
            try $0.execute(sql: """
                DELETE FROM grdb_migrations WHERE identifier IN ('v99-future', 'v7-clip-time-long-spans')
                """)
        }
        try queue.close()
        let older = #expect(throws: EvidenceError.self) { try Catalog(readingAt: url) }
        #expect(older?.message.contains("older schema") == true && older?.message.contains("v7-clip-time-long-spans") == true,
                "\(String(describing: older))")
        // Nothing migrated it back.
        let check = try DatabaseQueue(path: url.path)
        #expect(try check.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
            .contains("v7-clip-time-long-spans") == false)
        try check.close()
    }

    @Test func readingChangesNothingAndRefusesWrites() throws {
        let folder = try TemporaryDirectory("readonly")
        defer { folder.remove() }
        let url = try Self.writtenCatalog(in: folder.url)
        let before = try Self.contents(of: folder.url)
        // The writer's lock file (Catalog.writerLock) is the writer's: a reader neither makes nor needs it.
        #expect(Set(before.keys) == ["catalog.sqlite", "catalog.sqlite.audit_head", "catalog.sqlite.lock"])
        do {
            let catalog = try Catalog(readingAt: url)
            #expect(catalog.isReadOnly)
            #expect(try catalog.clips().count == 2)
            #expect(try catalog.verifyAudit().isIntact)
            let refused = #expect(throws: EvidenceError.self) {
                try catalog.appendAudit(actor: "a", action: "b", object: "", digest: "", detail: "", at: CatalogFixture.t0)
            }
            #expect(refused?.code == .invalidState)
        }
        #expect(try Self.contents(of: folder.url) == before)
    }

    @Test func aReaderSeesWhatARunningWriterCommitted() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let device = try fixture.device()
        // The writer is open: its log and index files exist, and the rows may be only in the log.
        #expect(FileManager.default.fileExists(atPath: fixture.databasePath + "-shm"))
        let reader = try Catalog(readingAt: fixture.catalog.path)
        #expect(try reader.devices() == [device])
        let session = try fixture.session(device)
        #expect(try reader.session(id: session.id) == session)
        #expect(try reader.verifyAudit() == fixture.catalog.verifyAudit())
    }

    @Test(
        .enabled(if: TmpfsMount.isPermitted, "needs to mount a tmpfs (root / CAP_SYS_ADMIN)"),
        .timeLimit(.minutes(10))
    )
    func readingWorksOnAFullFileSystem() throws {
        let mount = try TmpfsMount(size: "2m")
        defer { mount.unmount() }
        let url = try Self.writtenCatalog(in: mount.url)
        FullFileSystem.fill(mount.url.appendingPathComponent("filler").path)
        // Full indeed: not even one byte more.
        #expect(!FullFileSystem.canWrite(byteTo: mount.url.appendingPathComponent("probe").path))
        try? FileManager.default.removeItem(atPath: mount.url.appendingPathComponent("probe").path)
        let before = try Self.contents(of: mount.url)
        // Closed cleanly: no WAL index to read through, and none can be made on this disk.
        #expect(Set(before.keys) == ["catalog.sqlite", "catalog.sqlite.audit_head", "catalog.sqlite.lock", "filler"])

        let catalog = try Catalog(readingAt: url)
        #expect(try catalog.verifyAudit().isIntact)
        #expect(try catalog.clips().count == 2)
        #expect(try Self.contents(of: mount.url) == before)
    }
}
