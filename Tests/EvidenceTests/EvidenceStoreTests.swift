import Foundation
import Testing

@testable import Evidence

@Suite("EvidenceStore")
struct EvidenceStoreTests {
    static let hello = Array("hello".utf8)
    static let helloSHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

    /// A staging file of `store` holding `bytes` (the repair tests stage the same way).
    static func stage(_ store: EvidenceStore, _ bytes: [UInt8]) throws -> StagingFile {
        let staging = try store.makeStagingFile()
        try staging.write(bytes)
        return staging
    }

    @Test func initCreatesLayout() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url.appendingPathComponent("store"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: dir.path + "/store/objects/sha256", isDirectory: &isDirectory))
        #expect(isDirectory.boolValue)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/store/staging", isDirectory: &isDirectory))
        #expect(try store.stagingEntries().isEmpty)
    }

    @Test func commitMovesBytesUnderShardedPath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url)
        let staging = try Self.stage(store, Self.hello)
        let stagingPath = staging.path
        #expect(stagingPath.hasPrefix(dir.path + "/staging/"))

        let result = try store.commit(staging, sha256: Self.helloSHA256)

        let expected = dir.path + "/objects/sha256/2c/f2/" + Self.helloSHA256
        #expect(result == .stored(path: expected))
        #expect(try store.objectPath(sha256: Self.helloSHA256) == expected)
        #expect(store.contains(sha256: Self.helloSHA256))
        #expect(FileManager.default.contents(atPath: expected) == Data(Self.hello))
        let attributes = try FileManager.default.attributesOfItem(atPath: expected)
        #expect((attributes[.posixPermissions] as? Int) == 0o444)
        #expect(!FileManager.default.fileExists(atPath: stagingPath))
        #expect(try store.stagingEntries().isEmpty)
    }

    @Test func committingTheSameDigestTwiceLeavesTheOriginal() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url)
        let first = try store.commit(try Self.stage(store, Self.hello), sha256: Self.helloSHA256)
        let path = first.path
        let before = try FileManager.default.attributesOfItem(atPath: path)

        let second = try Self.stage(store, Self.hello)
        let secondPath = second.path
        let result = try store.commit(second, sha256: Self.helloSHA256)

        #expect(result == .alreadyPresent(path: path))
        let after = try FileManager.default.attributesOfItem(atPath: path)
        #expect((after[.systemFileNumber] as? UInt64) == (before[.systemFileNumber] as? UInt64))
        #expect((after[.referenceCount] as? Int) == 1)
        #expect(FileManager.default.contents(atPath: path) == Data(Self.hello))
        #expect(!FileManager.default.fileExists(atPath: secondPath))
        #expect(try store.stagingEntries().isEmpty)
    }

    @Test func sameDigestWithOtherSizeIsAConflictAndKeepsTheStagingFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url)
        _ = try store.commit(try Self.stage(store, Self.hello), sha256: Self.helloSHA256)
        let wrong = try Self.stage(store, Array("hello, world".utf8))
        let wrongPath = wrong.path
        do {
            let result = try store.commit(wrong, sha256: Self.helloSHA256)
            Issue.record("commit succeeded: \(result)")
        } catch {
            #expect(error.code == .conflict)
        }
        #expect(FileManager.default.fileExists(atPath: wrongPath))
        #expect(FileManager.default.contents(atPath: try store.objectPath(sha256: Self.helloSHA256)) == Data(Self.hello))
    }

    @Test(arguments: [
        "",
        "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98245",
        "../../../../etc/passwd0000000000000000000000000000000000000000000",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98g4",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98/4",
    ])
    func invalidDigestsAreRefused(sha256: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url)
        #expect(!EvidenceStore.isValidSHA256(sha256))
        #expect(!store.contains(sha256: sha256))
        #expect { try store.objectPath(sha256: sha256) } throws: { ($0 as? EvidenceError)?.code == .invalidDigest }

        let staging = try Self.stage(store, Self.hello)
        let stagingPath = staging.path
        do {
            let result = try store.commit(staging, sha256: sha256)
            Issue.record("commit succeeded: \(result)")
        } catch {
            #expect(error.code == .invalidDigest)
        }
        // Nothing became an object; the bytes wait in staging/ for removeStaleStaging().
        #expect(try FileManager.default.subpathsOfDirectory(atPath: dir.path + "/objects/sha256").isEmpty)
        #expect(FileManager.default.fileExists(atPath: stagingPath))
    }

    @Test func discardUnlinks() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url)
        let staging = try Self.stage(store, Self.hello)
        let path = staging.path
        store.discard(staging)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func removeStaleStagingCleansLeftovers() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url)
        _ = try store.commit(try Self.stage(store, Self.hello), sha256: Self.helloSHA256)
        // A crashed run: files whose StagingFile values went away without commit or discard,
        // and a second name of a committed object (crash between link and unlink).
        for index in 0..<3 {
            let leftover = try Self.stage(store, Array("partial \(index)".utf8))
            _ = consume leftover
        }
        let object = try store.objectPath(sha256: Self.helloSHA256)
        #expect(link(object, dir.path + "/staging/crashed-after-link") == 0)
        #expect(try store.stagingEntries().count == 4)

        #expect(try store.removeStaleStaging() == 4)
        #expect(try store.stagingEntries().isEmpty)
        #expect(FileManager.default.contents(atPath: object) == Data(Self.hello))
        #expect(try store.removeStaleStaging() == 0)
    }

    @Test func stagingFilesAreExclusiveAndWriteOnly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try EvidenceStore(root: dir.url)
        let a = try store.makeStagingFile()
        let b = try store.makeStagingFile()
        #expect(a.path != b.path)
        #expect(a.fileDescriptor >= 0)
        let flags = fcntl(a.fileDescriptor, F_GETFL)
        #expect(flags & O_ACCMODE == O_WRONLY)
        #expect(fcntl(a.fileDescriptor, F_GETFD) & FD_CLOEXEC != 0)
        try a.sync()
        try a.sync()
        store.discard(a)
        store.discard(b)
    }

    @Test(
        .enabled(
            if: TmpfsMount.isPermitted,
            "needs to mount a 1 MiB tmpfs (root / CAP_SYS_ADMIN), which this environment does not permit"),
        .timeLimit(.minutes(10))
    )
    func fullFileSystemSurfacesAsNoSpaceNamingTheFile() throws {
        let mount = try TmpfsMount(size: "1m")
        defer { mount.unmount() }
        let store = try EvidenceStore(root: mount.url)
        let staging = try store.makeStagingFile()
        let path = staging.path
        let chunk = [UInt8](repeating: 0x5a, count: 64 * 1024)

        let error = #expect(throws: EvidenceError.self) {
            for _ in 0..<32 {  // 2 MiB into 1 MiB
                try staging.write(chunk)
            }
        }
        #expect(error?.code == .noSpace)
        #expect(error?.path == path)
        #expect(error?.operation == "write")
        #expect(error?.message.contains(path) == true)
        store.discard(staging)
        #expect(try store.stagingEntries().isEmpty)
    }
}
