import Foundation
import Testing

@testable import Evidence

/// `EvidenceStore.repair`: verified bytes replace a corrupt or missing object; the corrupt bytes are kept.
@Suite("EvidenceStore repair")
struct ObjectRepairTests {
    static let hello = EvidenceStoreTests.hello
    static let helloSHA256 = EvidenceStoreTests.helloSHA256

    private func stage(_ store: EvidenceStore, _ bytes: [UInt8]) throws -> StagingFile {
        try EvidenceStoreTests.stage(store, bytes)
    }

    @Test func aCorruptObjectIsQuarantinedAndReplaced() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url)
        let path = try store.commit(try stage(store, Self.hello), sha256: Self.helloSHA256).path
        // Damaged in place, as a failing disk or a person with the file would.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try Data("jello".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try store.quarantineEntries().isEmpty)

        let repair = try store.repair(try stage(store, Self.hello), sha256: Self.helloSHA256)
        #expect(repair.objectPath == path)
        #expect(FileManager.default.contents(atPath: path) == Data(Self.hello))
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o444)
        let quarantined = try #require(repair.quarantinePath)
        #expect(quarantined.hasPrefix(dir.path + "/quarantine/" + Self.helloSHA256 + "."))
        #expect(FileManager.default.contents(atPath: quarantined) == Data("jello".utf8))
        #expect(try store.quarantineEntries() == [(quarantined as NSString).lastPathComponent])
        #expect(try store.stagingEntries().isEmpty)
    }

    @Test func aMissingObjectIsCommitted() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url)
        let repair = try store.repair(try stage(store, Self.hello), sha256: Self.helloSHA256)
        #expect(repair.quarantinePath == nil)
        #expect(FileManager.default.contents(atPath: repair.objectPath) == Data(Self.hello))
        #expect(try store.quarantineEntries().isEmpty)
        #expect(try store.stagingEntries().isEmpty)
    }

    @Test func aFolderAtTheObjectsPathIsRefusedAndTheStagingFileKept() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url)
        let path = try store.objectPath(sha256: Self.helloSHA256)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect { try store.repair(try stage(store, Self.hello), sha256: Self.helloSHA256) } throws: {
            ($0 as? EvidenceError)?.code == .conflict
        }
        #expect(try store.stagingEntries().count == 1)
    }

    @Test func aRepairStoppedAfterItsQuarantineLinkIsDoneAgain() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url)
        let path = try store.commit(try stage(store, Self.hello), sha256: Self.helloSHA256).path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try Data("jello".utf8).write(to: URL(fileURLWithPath: path))
        // What a repair stopped before its rename leaves: the corrupt object in place, a second name in
        // quarantine, the staging file (removed at the next start).
        try FileManager.default.createDirectory(atPath: store.quarantinePath, withIntermediateDirectories: true)
        let leftover = store.quarantinePath + "/" + Self.helloSHA256 + ".stopped"
        try FileManager.default.linkItem(atPath: path, toPath: leftover)

        let repair = try store.repair(try stage(store, Self.hello), sha256: Self.helloSHA256)
        #expect(FileManager.default.contents(atPath: path) == Data(Self.hello))
        #expect(try store.quarantineEntries().count == 2)
        #expect(FileManager.default.contents(atPath: try #require(repair.quarantinePath)) == Data("jello".utf8))
        #expect(FileManager.default.contents(atPath: leftover) == Data("jello".utf8))
    }
}
